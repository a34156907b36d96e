"""The parts of a page that are the same for every reader are shared, safely.

A mission page's content is rendered once per plan generation for each kind of
reader (editor or not) and language, and shared between everyone of that kind; the
API's mission and a page of the mission list are built without model instances. An
editor's notes never reach a reader through a shared part, nor the reverse.
"""

from __future__ import annotations

import pytest
from django.test import Client

from ger.exports import serialize
from ger.plans.models import Mission
from ger.registry.models import Agency
from ger.registry.services import create_account

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_caches")]


def annotated_mission() -> Mission:
    """Return a mission with an editor's note (the bundled data has several)."""
    mission = Mission.objects.exclude(notes="").order_by("slug").first()
    assert mission is not None
    return mission


@pytest.fixture
def editor(seeded) -> Client:
    client = Client()
    client.force_login(
        create_account("editor@nasa.test", "editor", "NASA", "a-long-pass-phrase")
    )
    return client


@pytest.fixture
def reader(seeded) -> Client:
    client = Client()
    # A session cookie of no session: rendered afresh, as for any signed-in reader.
    client.cookies["sessionid"] = "no-such-session"
    return client


@pytest.mark.parametrize("first", ["editor", "reader"])
def test_an_editors_notes_never_reach_a_reader_through_a_shared_page(
    editor, reader, first
):
    mission = annotated_mission()
    url = mission.get_absolute_url()
    order = [editor, reader] if first == "editor" else [reader, editor]
    pages = {id(client): client.get(url).content.decode() for client in order}
    # Each kind again, now that both kinds' content is kept.
    again = {id(client): client.get(url).content.decode() for client in order}
    assert pages == again
    assert "Editor notes" in pages[id(editor)]
    assert mission.notes in pages[id(editor)]
    assert "Editor notes" not in pages[id(reader)]
    assert mission.notes not in pages[id(reader)]
    assert "Sign in" in pages[id(reader)]
    assert "Workspace" in pages[id(editor)]


def test_a_shared_page_is_kept_per_language(reader):
    url = annotated_mission().get_absolute_url()
    english = reader.get(url).content.decode()
    french = reader.get(f"/fr{url}").content.decode()
    assert 'lang="fr"' in french
    assert "Sources" in english
    assert "Planned launch" in english
    assert "Planned launch" not in french
    assert reader.get(url).content.decode() == english


def test_a_change_shows_at_once_to_a_signed_in_editor(editor):
    mission = annotated_mission()
    url = mission.get_absolute_url()
    assert mission.name in editor.get(url).content.decode()
    mission.name = "A name no mission had"
    mission.save()
    assert "A name no mission had" in editor.get(url).content.decode()
    api = editor.get(f"/api/v1/missions/{mission.slug}").json()
    assert api["name"] == "A name no mission had"


def test_an_unknown_mission_is_not_found_for_every_reader(editor, reader):
    for client in (editor, reader):
        assert client.get("/missions/no-such-mission/").status_code == 404
        assert client.get("/missions/no-such-mission/?format=json").status_code == 404


def test_a_page_of_summaries_is_each_missions_summary(seeded):
    missions = Mission.objects.order_by("slug")
    built = serialize.mission_summaries(missions)
    one_by_one = [serialize.mission(m) for m in missions.with_related()]
    assert len(built) == Mission.objects.count() > 40
    assert built == one_by_one
    assert any(summary["partners"] for summary in built)


def test_a_kept_count_follows_the_plan(reader):
    url = "/api/v1/missions?lead=JAXA&limit=1"
    before = reader.get(url).json()["count"]
    assert reader.get(url).json()["count"] == before
    mission = Mission.objects.exclude(lead__code="JAXA").order_by("slug").first()
    assert mission is not None
    mission.lead = Agency.objects.get(code="JAXA")
    mission.save()
    assert reader.get(url).json()["count"] == before + 1


def test_a_kept_search_follows_the_plan(reader):
    url = "/search/?q=zyxwvut&format=json"
    assert reader.get(url).json()["count"] == 0
    mission = annotated_mission()
    mission.name = "Zyxwvut Lander"
    mission.save()
    found = reader.get(url).json()
    assert [hit["url"] for hit in found["results"]] == [mission.get_absolute_url()]


def test_a_page_of_kept_summaries_follows_the_plan(reader):
    url = "/api/v1/missions?lead=NASA&limit=500"
    first = reader.get(url).json()["results"]
    assert reader.get(url).json()["results"] == first
    mission = Mission.objects.get(slug=first[0]["slug"])
    mission.name = "A renamed mission"
    mission.save()
    again = reader.get(url).json()["results"]
    assert again[0]["name"] == "A renamed mission"
    assert again[1:] == first[1:]
