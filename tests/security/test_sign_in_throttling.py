"""Sign-in throttling protects accounts on every sign-in form, the admin's included."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.workspace.conftest import PASSWORD

pytestmark = pytest.mark.django_db

WORKSPACE = "/accounts/login/"
ADMIN = "/admin/login/"


def sign_in(client, form: str, username: str, password: str, address: str):
    return client.post(
        form,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def operator(db):
    return User.objects.create_superuser("root@isecg.test", "root@isecg.test", PASSWORD)


def test_twenty_wrong_passwords_on_the_admin_lock_the_right_one_out(client, operator):
    statuses = [
        sign_in(
            client, ADMIN, "root@isecg.test", f"guess-{n}", "203.0.113.9"
        ).status_code
        for n in range(20)
    ]
    assert statuses[:4] == [200] * 4  # the admin shows its form again
    assert set(statuses[4:]) == {429}
    refused = sign_in(client, ADMIN, "root@isecg.test", PASSWORD, "203.0.113.9")
    assert refused.status_code == 429
    assert not signed_in(client)
    assert "Too many failed sign-ins" in refused.content.decode()


def test_twenty_wrong_passwords_on_the_workspace_lock_the_right_one_out(
    client, nasa_editor
):
    for n in range(20):
        sign_in(client, WORKSPACE, "editor@nasa.test", f"guess-{n}", "203.0.113.9")
    refused = sign_in(client, WORKSPACE, "editor@nasa.test", PASSWORD, "203.0.113.9")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "900"
    assert not signed_in(client)


def test_spraying_many_accounts_from_one_address_is_stopped(client, nasa_editor):
    statuses = [
        sign_in(
            client, WORKSPACE, f"user{n}@example.test", "Winter2026!", "198.51.100.7"
        ).status_code
        for n in range(50)
    ]
    assert statuses[:19] == [400] * 19
    assert set(statuses[19:]) == {429}
    # Even a right password is refused from that address for a while.
    refused = sign_in(client, WORKSPACE, "editor@nasa.test", PASSWORD, "198.51.100.7")
    assert refused.status_code == 429
    assert not signed_in(client)


def test_a_strangers_bad_guesses_do_not_lock_a_colleague_out(client, nasa_editor):
    for n in range(5):
        sign_in(client, WORKSPACE, "editor@nasa.test", f"guess-{n}", "198.51.100.7")
    assert (
        sign_in(client, WORKSPACE, "editor@nasa.test", PASSWORD, "198.51.100.7")
    ).status_code == 429
    colleague = sign_in(client, WORKSPACE, "editor@nasa.test", PASSWORD, "192.0.2.20")
    assert colleague.status_code == 302
    assert signed_in(client)


def test_guesses_spread_over_many_addresses_lock_the_account(client, nasa_editor):
    for n in range(50):
        sign_in(client, WORKSPACE, "Editor@NASA.test ", "wrong", f"10.1.{n}.1")
    refused = sign_in(client, WORKSPACE, "editor@nasa.test", PASSWORD, "192.0.2.20")
    assert refused.status_code == 429


def test_a_forged_forwarded_for_does_not_reset_the_count(client, nasa_editor):
    for n in range(5):
        client.post(
            WORKSPACE,
            {"username": "editor@nasa.test", "password": "wrong"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}",
        )
    refused = client.post(
        WORKSPACE,
        {"username": "editor@nasa.test", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="10.9.9.200",
    )
    assert refused.status_code == 429


def test_behind_a_trusted_proxy_each_client_is_counted_apart(
    client, nasa_editor, settings
):
    settings.GER_TRUSTED_PROXIES = [__import__("ipaddress").ip_network("10.0.0.1")]
    for _n in range(5):
        client.post(
            WORKSPACE,
            {"username": "editor@nasa.test", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
    colleague = client.post(
        WORKSPACE,
        {"username": "editor@nasa.test", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.20, 10.0.0.1",
    )
    assert colleague.status_code == 302


def test_every_lockout_is_logged_and_listed_for_the_secretariat(
    client, nasa_editor, secretariat, caplog
):
    with caplog.at_level(logging.WARNING, logger="ger.security"):
        for n in range(5):
            sign_in(client, WORKSPACE, "editor@nasa.test", f"guess-{n}", "203.0.113.9")
    assert any(
        "sign-in locked out: account 'editor@nasa.test' from 203.0.113.9"
        in record.getMessage()
        for record in caplog.records
    )
    client.force_login(nasa_editor)
    assert client.get(reverse("workspace:lockouts")).status_code == 403
    client.force_login(secretariat)
    page = client.get(reverse("workspace:lockouts"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "editor@nasa.test" in text
    assert "203.0.113.9" in text
