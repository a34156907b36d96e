"""Notices: who hears of proposals and editions, in the inbox and by e-mail."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ger.editions.proposals import accept_proposal, propose_change
from ger.editions.workflow import (
    create_draft_edition,
    publish_reviewed_edition,
    submit_for_review,
)
from ger.notifications.models import Notification, Preference
from ger.registry.models import Agency

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def titles(user) -> list[str]:
    return [n.title for n in Notification.objects.filter(recipient=user)]


def test_a_proposal_tells_the_secretariat_and_its_decision_tells_the_proposer(
    cast_data, esa_editor, nasa_editor, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = propose_change(
            cast_data["NASA"],
            {"name": "NASA Rover II"},
            esa_editor,
            Agency.objects.get(code="ESA"),
            1,
        )
    expected = "Proposed change to NASA Rover awaits a decision"
    assert titles(secretariat) == [expected]
    assert titles(nasa_editor) == [expected]
    assert titles(esa_editor) == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [secretariat.email, nasa_editor.email]
    )
    assert "/workspace/proposals/" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        accept_proposal(proposal, secretariat, "Thanks.")
    assert titles(esa_editor) == ["Your proposed change to NASA Rover was accepted"]
    assert [m.to for m in mail.outbox] == [[esa_editor.email]]
    assert "Thanks." in mail.outbox[0].body


def test_each_member_chooses_inbox_email_both_or_neither(
    cast_data, esa_editor, secretariat, django_capture_on_commit_callbacks
):
    client = signed_in(secretariat)
    response = client.post(
        reverse("notifications:preferences"),
        {"proposal_submitted__inbox": "on"},
    )
    assert response.status_code == 302
    choice = Preference.objects.get(user=secretariat, kind="proposal_submitted")
    assert (choice.in_inbox, choice.by_email) == (True, False)
    with django_capture_on_commit_callbacks(execute=True):
        propose_change(
            cast_data["NASA"],
            {"name": "Other"},
            esa_editor,
            Agency.objects.get(code="ESA"),
            1,
        )
    assert len(titles(secretariat)) == 1
    assert secretariat.email not in [m.to[0] for m in mail.outbox]


def test_review_tells_each_agencys_editors_and_publication_those_who_asked(
    cast_data, esa_editor, nasa_editor, secretariat
):
    signed_in(nasa_editor).post(
        reverse("notifications:preferences"),
        {"edition_published__inbox": "on", "edition_in_review__inbox": "on"},
    )
    edition = create_draft_edition(
        code="E27",
        slug="e27",
        title="2027 edition",
        kind="supplement",
        released="2027",
        user=secretariat,
    )
    submit_for_review(edition, secretariat)
    assert titles(esa_editor) == ["2027 edition awaits your agency's review"]
    assert titles(nasa_editor) == ["2027 edition awaits your agency's review"]
    assert titles(secretariat) == []
    publish_reviewed_edition(edition, secretariat)
    assert titles(nasa_editor)[0] == "2027 edition is published"
    assert len(titles(esa_editor)) == 1


def test_the_inbox_lists_notices_and_marks_them_read(
    cast_data, esa_editor, secretariat
):
    propose_change(
        cast_data["NASA"], {"name": "X"}, esa_editor, Agency.objects.get(code="ESA"), 1
    )
    client = signed_in(secretariat)
    page = client.get(reverse("notifications:inbox"))
    assert "Proposed change to NASA Rover awaits a decision" in page.content.decode()
    assert page.context["unread"] == 1
    home = client.get(reverse("workspace:home")).content.decode()
    assert '<span class="count">1</span>' in home
    notice = Notification.objects.get(recipient=secretariat)
    opened = client.post(
        reverse("notifications:inbox"), {"id": notice.pk, "next": notice.url}
    )
    assert opened["Location"] == notice.url
    assert Notification.objects.get(pk=notice.pk).read_at is not None
    away = client.post(
        reverse("notifications:inbox"), {"next": "https://evil.example/"}
    )
    assert away["Location"] == reverse("notifications:inbox")


def test_the_atom_feeds_list_published_editions_with_what_changed(client, db):
    call_command("seed", verbosity=0)
    response = client.get("/feeds/editions.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    titles_listed = [e.findtext(f"{ATOM}title") for e in entries]
    # Each edition's current issue: the corrected re-issue of the 2022 supplement.
    assert titles_listed[1] == (
        "2022 GER Supplement (update to the 2020 Lunar Supplement) "
        "(corrected re-issue 1)"
    )
    summaries = " ".join(e.findtext(f"{ATOM}summary") or "" for e in entries)
    assert "NASA — re-planned: Artemis III: 2024 → NET 2025 (+12 months)" in summaries
    nasa = ET.fromstring(client.get("/feeds/agencies/nasa.atom").content)
    nasa_entries = nasa.findall(f"{ATOM}entry")
    nasa_summaries = [e.findtext(f"{ATOM}summary") or "" for e in nasa_entries]
    assert nasa_summaries[0].startswith("re-planned: Artemis III")
    assert "Chang'e" not in " ".join(nasa_summaries)
    assert client.get("/feeds/agencies/nobody.atom").status_code == 404
