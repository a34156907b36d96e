"""Readers see reader text: no editor note, and sources cited by title and standing.

Editor notes say how a fact was gathered and why it is in doubt ("Only the first
page was readable…", "mirror of the NASA release"). Public pages, the roadmap
document and its static site never print a sentence of them, and every source they
link to has a title and a standing (tier).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import Any

import pytest

from ger.datalicence import data_licence
from ger.editions.models import Edition, EditionPlan
from ger.plans.models import (
    Dependency,
    Destination,
    Mission,
    MissionEvent,
    MissionObjective,
    MissionSource,
    PlanStatement,
)
from ger.plans.sources import TIER_ORDER
from ger.registry.models import Agency

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(https?://[^"]+)"')
MIN_WORDS = 7


def words(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def visible_text(page: str) -> str:
    """Return a page's text as a reader sees it (no tags, scripts or attributes)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return words(re.sub(r"<[^>]+>", " ", page))


def fragments(texts: Iterable[str]) -> set[str]:
    """Return the sentences and clauses of ``texts`` long enough to be telling."""
    found = set()
    for text in texts:
        for part in re.split(
            r"(?<=[.;:!?])\s+|\s+[\u2014\u2013]\s+", words(text or "")
        ):
            part = part.strip(" .;:")
            if len(part.split()) >= MIN_WORDS:
                found.add(part)
    return found


def editor_notes() -> set[str]:
    """Return every telling fragment of the editors' notes in the bundled data."""
    texts: list[str] = []
    for mission in Mission.objects.all():
        texts += [mission.notes, mission.uncertain_note, mission.site_note]
        texts += [r.get("note", "") for r in mission.other_relations]
    texts += PlanStatement.objects.values_list("note", flat=True)
    texts += MissionEvent.objects.values_list("note", flat=True)
    texts += MissionSource.objects.values_list("note", flat=True)
    texts += EditionPlan.objects.values_list("note", flat=True)
    texts += MissionObjective.objects.values_list("note", flat=True)
    for edition in Edition.objects.all():
        texts += [edition.notes, edition.uncertain_note]
    for dependency in Dependency.objects.all():
        texts += [dependency.status_note, dependency.uncertain_note]
    texts += Agency.objects.values_list("uncertain_note", flat=True)
    # A note that repeats a reader-facing text (a description, a plan as stated,
    # an event, a summary) is not the editors' alone.
    reader: list[str] = []
    for mission in Mission.objects.all():
        reader += [mission.description, mission.planned_launch_note]
        reader += [mission.outcome_note, mission.name, *mission.aliases]
    reader += PlanStatement.objects.values_list("statement", flat=True)
    reader += MissionEvent.objects.values_list("what", flat=True)
    reader += EditionPlan.objects.values_list("statement", flat=True)
    reader += Edition.objects.values_list("summary", flat=True)
    reader += Agency.objects.values_list("notes", flat=True)
    reader += MissionSource.objects.values_list("about", flat=True)
    shared = fragments(reader)
    return {note for note in fragments(texts) if not any(note in r for r in shared)}


def json_sources(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if "url" in value and ("title" in value or "tier" in value):
            yield value
        for item in value.values():
            yield from json_sources(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_sources(item)


def citable_addresses() -> set[str]:
    """Return the addresses readers may be sent to: titled, graded sources."""
    found = {
        url
        for url, title, tier in MissionSource.objects.values_list(
            "url", "title", "tier"
        )
        if title and tier in TIER_ORDER
    }
    for model, field in (
        (PlanStatement, "sources"),
        (MissionEvent, "sources"),
        (Edition, "sources"),
        (Agency, "sources"),
    ):
        for value in model.objects.values_list(field, flat=True):
            found |= {
                s["url"]
                for s in json_sources(value)
                if s.get("title") and s.get("tier") in TIER_ORDER
            }
    found |= set(Agency.objects.exclude(website="").values_list("website", flat=True))
    found.add(data_licence().path)  # the data licence is not a source
    return found


def public_pages(client: Any) -> Iterator[tuple[str, str]]:
    urls = ["/", "/about/", "/missions/", "/destinations/", "/agencies/", "/editions/"]
    # Search snippets quote what is indexed: research words must find no note.
    urls += [f"/search/?q={q}" for q in ("readable", "mirror", "source", "NASA")]
    urls += [m.get_absolute_url() for m in Mission.objects.all()]
    urls += [
        f"/editions/{slug}/" for slug in Edition.objects.values_list("slug", flat=True)
    ]
    urls += [
        f"/agencies/{slug}/" for slug in Agency.objects.values_list("slug", flat=True)
    ]
    urls += [
        f"/destinations/{slug}/"
        for slug in Destination.objects.values_list("slug", flat=True)
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response.content.decode()


def test_public_pages_show_no_editor_note_and_cite_only_graded_sources(client, seeded):
    notes = editor_notes()
    assert len(notes) > 200  # the bundled data has many: the check is not empty
    allowed = citable_addresses()
    for url, page in public_pages(client):
        text = visible_text(page)
        leaked = [note for note in notes if note in text]
        assert not leaked, (url, leaked[:3])
        ungraded = [
            link for link in LINK.findall(html.unescape(page)) if link not in allowed
        ]
        ungraded = [
            link for link in ungraded if not link.startswith("http://testserver/")
        ]
        assert not ungraded, (url, ungraded[:3])


def test_the_document_and_its_site_show_no_editor_note(built, seeded):
    notes = editor_notes()
    pdf = built.pdf_text()
    assert not [note for note in notes if note in pdf]
    allowed = citable_addresses()
    for page in sorted((built.out / "site").rglob("*.html")):
        content = page.read_text(encoding="utf-8")
        text = visible_text(content)
        assert not [note for note in notes if note in text], page.name
        links = [
            link for link in LINK.findall(html.unescape(content)) if link not in allowed
        ]
        assert not links, (page.name, links[:3])


def test_a_reader_sees_that_a_mission_was_recorded_not_how_it_was_loaded(
    client, seeded
):
    from ger.registry.services import create_account

    url = Mission.objects.get(slug="artemis-iv").get_absolute_url()
    page = client.get(url).content.decode()
    history = page[page.index('id="history"') :]
    assert "First recorded in GER" in history
    assert "loaded from" not in history
    assert "missions_leo.yaml" not in history
    # The editor sees the load and every field it set.
    create_account("chair@isecg.test", "secretariat", None, "a long passphrase 1")
    client.login(username="chair@isecg.test", password="a long passphrase 1")
    page = client.get(url).content.decode()
    history = page[page.index('id="history"') :]
    assert "First recorded in GER" not in history
    assert "loaded from" in history
