"""The secretariat's build button, its progress page, the prose page and the PDF link."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ger.editions.models import Edition, EditionProse
from ger.editions.workflow import create_draft_edition
from ger.publishing.models import BuildRun
from ger.registry.services import create_account

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.publishing.urls")]
PASSWORD = "correct-horse-battery-staple-42"
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
IMMEDIATE_TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
}


@pytest.fixture(autouse=True)
def builds_in_a_temporary_folder(
    settings: Any, tmp_path: Path, pdf_stand_in: None
) -> None:
    # These tests are about the button, the queue and the pages, not the PDF's
    # content: the builds lay out a stand-in (tests/pdf_stand_in.py).
    settings.VAR_DIR = tmp_path
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def secretariat(seeded: None) -> User:
    return create_account("chair@isecg.test", "secretariat", None, PASSWORD)


@pytest.fixture
def nasa_editor(seeded: None) -> User:
    return create_account("editor@nasa.test", "editor", "NASA", PASSWORD)


def start(client: Any, slug: str = "2022-supplement") -> Any:
    return client.post(reverse("publishing:build_start", args=[slug]))


def test_the_secretariat_builds_an_edition_from_the_button(
    client, secretariat, tmp_path
):
    client.force_login(secretariat)
    page = client.get(reverse("publishing:edition_builds", args=["2022-supplement"]))
    assert page.status_code == 200
    assert (
        reverse("publishing:build_start", args=["2022-supplement"])
        in page.content.decode()
    )
    response = start(client)
    run = BuildRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("publishing:build_status", args=[run.pk])
    assert run.state == BuildRun.State.SUCCEEDED
    assert run.requested_by == secretariat
    assert run.task_id
    assert (tmp_path / "builds/2022-supplement/roadmap.pdf").is_file()
    assert (tmp_path / "builds/2022-supplement/SHA256SUMS").is_file()


def test_the_status_page_and_its_json_twin_show_the_outcome(client, secretariat):
    client.force_login(secretariat)
    start(client)
    run = BuildRun.objects.get()
    url = reverse("publishing:build_status", args=[run.pk])
    page = client.get(url).content.decode()
    assert "succeeded" in page
    assert 'http-equiv="refresh"' not in page
    assert re.search(r"roadmap\.pdf \(\d+ pages?\)", page)
    data = client.get(url, {"format": "json"}).json()
    assert data["state"] == "succeeded"
    assert data["percent"] == 100
    assert data["finished"] is True


def test_a_queued_build_refreshes_its_page_until_a_worker_runs_it(
    client, secretariat, settings
):
    settings.TASKS = DUMMY_TASKS
    client.force_login(secretariat)
    start(client)
    run = BuildRun.objects.get()
    assert run.state == BuildRun.State.QUEUED
    page = client.get(run.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in page
    assert "ger db_worker" in page


def test_a_second_click_while_a_build_waits_starts_no_other(
    client, secretariat, settings
):
    settings.TASKS = DUMMY_TASKS
    client.force_login(secretariat)
    first, second = start(client), start(client)
    assert first["Location"] == second["Location"]
    assert BuildRun.objects.count() == 1


def test_the_database_worker_runs_a_queued_build(
    client, secretariat, settings, monkeypatch
):
    # The worker closes old connections between tasks, as a long-running process
    # should; in a test that would close the test's own transaction (PostgreSQL).
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(secretariat)
    start(client)
    assert BuildRun.objects.get().state == BuildRun.State.QUEUED
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0
    )
    assert BuildRun.objects.get().state == BuildRun.State.SUCCEEDED


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 302), ("nasa_editor", 403)]
)
def test_only_the_secretariat_may_start_a_build(
    client, who, expected, request, secretariat
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = start(client)
    assert response.status_code == expected
    if who == "anonymous":
        assert response["Location"].startswith(reverse("workspace:login"))
    assert not BuildRun.objects.exists()


def test_a_draft_edition_cannot_be_built(client, secretariat):
    client.force_login(secretariat)
    response = start(client, "current")
    assert response.status_code == 403
    assert "only published editions are built" in response.content.decode()
    assert not BuildRun.objects.exists()


def test_the_workspace_build_packages_the_public_downloads(
    client, secretariat, tmp_path, monkeypatch
):
    url = reverse("publishing:edition_pdf", args=["2022-supplement"])
    client.force_login(secretariat)
    start(client)
    client.logout()
    assert (tmp_path / "downloads/2022-supplement/en/SHA256SUMS").is_file()

    # The download is the build's own copy: nothing is built again.
    def no_second_build(*args: object) -> None:
        raise AssertionError("built again")

    monkeypatch.setattr("ger.publishing.downloads.build_edition", no_second_build)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def draft(user: User) -> Edition:
    return create_draft_edition(
        code="GER-TEST-2023",
        slug="test-2023",
        title="Test edition 2023",
        kind="supplement",
        released="2026-12",
        user=user,
    )


def test_the_secretariat_writes_the_prose_of_a_draft(client, secretariat):
    edition = draft(secretariat)
    client.force_login(secretariat)
    url = reverse("publishing:edition_prose", args=[edition.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"introduction": "Welcome.", "summary": ""})
    assert response.status_code == 302
    texts = dict(
        EditionProse.objects.filter(edition=edition).values_list("part", "markdown")
    )
    assert texts["introduction"] == "Welcome."
    assert texts["summary"] == ""


def test_the_prose_of_a_published_edition_cannot_be_changed(client, secretariat):
    client.force_login(secretariat)
    url = reverse("publishing:edition_prose", args=["2022-supplement"])
    response = client.post(url, {"introduction": "Too late."})
    assert response.status_code == 409
    assert "frozen" in response.content.decode()
    assert not EditionProse.objects.exists()


def test_an_agency_editor_cannot_write_prose(client, nasa_editor, secretariat):
    edition = draft(secretariat)
    client.force_login(nasa_editor)
    response = client.post(
        reverse("publishing:edition_prose", args=[edition.slug]), {"introduction": "x"}
    )
    assert response.status_code == 403
    assert not EditionProse.objects.exists()


def test_a_build_abandoned_by_its_worker_does_not_block_a_new_one(
    client, secretariat, settings
):
    settings.TASKS = DUMMY_TASKS
    client.force_login(secretariat)
    start(client)
    BuildRun.objects.update(requested_at=timezone.now() - dt.timedelta(hours=3))
    start(client)
    old, new = BuildRun.objects.order_by("id")
    assert old.state == BuildRun.State.FAILED
    assert "abandoned" in old.error
    assert new.state == BuildRun.State.QUEUED
