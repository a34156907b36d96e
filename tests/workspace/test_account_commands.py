from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from ger.registry.models import UserRole

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    output = StringIO()
    call_command(*args, stdout=output)
    return output.getvalue()


def test_adduser_prints_an_invitation_link_by_default(base_data, client):
    output = run("adduser", "Planner@ESA.test", "--agency", "esa", "--role", "editor")
    assert "Created editor account planner@esa.test for ESA." in output
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/invitation/\S+/)", output)
    assert link is not None
    assert client.get(link.group(1), follow=True).context["validlink"]
    role = UserRole.objects.get(user__username="planner@esa.test")
    assert (role.kind, role.agency.code) == ("editor", "ESA")


def test_adduser_prompts_for_a_password_when_asked(base_data, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt: "a-very-good-passphrase")
    output = run("adduser", "chair@isecg.test", "--role", "secretariat", "--password")
    assert "invitation" not in output.lower()
    assert User.objects.get(username="chair@isecg.test").check_password(
        "a-very-good-passphrase"
    )


def test_adduser_names_the_problem_and_creates_nothing(base_data):
    with pytest.raises(CommandError, match=r"^agency: no agency has the code XX"):
        run("adduser", "a@b.test", "--agency", "XX")
    with pytest.raises(CommandError, match=r"^agency: an editor belongs to one agency"):
        run("adduser", "a@b.test", "--role", "editor")
    with pytest.raises(CommandError, match=r"^email: "):
        run("adduser", "not-an-address", "--agency", "ESA")
    run("adduser", "a@b.test", "--agency", "ESA")
    with pytest.raises(CommandError, match=r"^email: an account for a@b\.test exists"):
        run("adduser", "A@B.test", "--agency", "NASA")
    assert User.objects.count() == 1


def test_demo_accounts_are_refused_outside_development(base_data, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        run("demo_accounts")
    assert not User.objects.exists()


def test_demo_accounts_print_their_sign_in_details(base_data, settings, client):
    settings.DEBUG = True
    output = run("demo_accounts")
    passwords = dict(re.findall(r"(\S+@demo\.ger\.invalid)  password: (\S+)", output))
    assert set(passwords) == {
        "secretariat@demo.ger.invalid",
        "nasa-editor@demo.ger.invalid",
        "esa-editor@demo.ger.invalid",
    }
    assert client.login(
        username="nasa-editor@demo.ger.invalid",
        password=passwords["nasa-editor@demo.ger.invalid"],
    )
    again = dict(
        re.findall(r"(\S+@demo\.ger\.invalid)  password: (\S+)", run("demo_accounts"))
    )
    assert User.objects.count() == 3
    assert client.login(
        username="esa-editor@demo.ger.invalid",
        password=again["esa-editor@demo.ger.invalid"],
    )
