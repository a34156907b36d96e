"""Pages that list a destination's, an edition's or the plan's missions, at scale.

They list one page at a time (the mission list's ``?page=``), count in the
database, and cost the same number of queries whatever the number of missions.
"""

from __future__ import annotations

import math

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from ger.editions.models import Edition, EditionPlan
from ger.editions.services import publish_edition, refresh_draft_snapshot
from ger.http.caching import clear_immutable
from ger.plans.facets import FACETS, mission_facets
from ger.plans.filters import (
    destination_with_descendants,
    filter_missions,
    parse_mission_query,
)
from ger.plans.models import Mission

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_caches")]

PAGE_SIZE = 50
LISTS = [
    "/destinations/lunar-surface/",
    "/objectives/",
    "/editions/current/",
    "/editions/test-2030/",
    "/missions/",
    "/missions/?agency=JAXA&crewed=false&ordering=-planned",
    "/missions/?destination=lunar-surface&page=2",
]


def publish_every_mission(code: str = "T-2030", slug: str = "test-2030") -> Edition:
    """Publish an edition stating a plan for every mission."""
    edition = Edition.objects.create(
        code=code, slug=slug, title="Test edition 2030", kind="roadmap"
    )
    EditionPlan.objects.bulk_create(
        EditionPlan(edition=edition, mission=mission, statement="by 2030")
        for mission in Mission.objects.all()
    )
    return publish_edition(edition)


def grow(missions: int) -> None:
    """Add synthetic missions, refresh the working draft, publish another edition."""
    call_command("synth", "--missions", str(missions), "--allow-mixed", verbosity=0)
    refresh_draft_snapshot(Edition.objects.get(slug="current"))
    publish_every_mission("T-2031", "test-2031")


def fresh_queries(client, url: str) -> int:
    """Return how many queries a signed-in reader's fresh page of ``url`` costs.

    The page is read once before: an edition's snapshot is then kept in memory,
    as it is in a running process, whatever was read before this test.
    """
    client.cookies["sessionid"] = "not-a-session"
    client.get(url)
    caches["default"].clear()
    clear_immutable()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries)


def test_list_pages_cost_the_same_queries_at_any_size(client, seeded):
    publish_every_mission()
    small = {url: fresh_queries(client, url) for url in LISTS}
    grow(400)
    large = {
        url: fresh_queries(client, url.replace("test-2030", "test-2031"))
        for url in LISTS
    }
    assert large == small


def test_a_destination_lists_its_missions_a_page_at_a_time(client, seeded):
    call_command("synth", "--missions", "400", "--allow-mixed", verbosity=0)
    below = destination_with_descendants(["lunar-surface"])
    total = Mission.objects.filter(destination__slug__in=below).count()
    assert total > 2 * PAGE_SIZE
    first = client.get("/destinations/lunar-surface/?format=json").json()
    assert first["count"] == total
    assert first["pages"] == math.ceil(total / PAGE_SIZE)
    assert len(first["missions"]) == PAGE_SIZE
    assert first["previous"] is None
    assert first["next"].endswith("/destinations/lunar-surface/?format=json&page=2")
    listed = {m["name"] for m in first["missions"]}
    assert {site["name"] for site in first["landing_sites"]} <= listed
    second = client.get(first["next"]).json()
    assert second["page"] == 2
    assert listed.isdisjoint(m["name"] for m in second["missions"])
    page = client.get("/destinations/lunar-surface/?page=2")
    body = page.content.decode()
    assert 'rel="prev"' in body
    assert 'rel="next"' in body
    assert "on this page" in body  # the map shows this page's sites


@pytest.mark.parametrize(
    ("page", "shown"), [("abc", 1), ("", 1), ("0", "last"), ("99999", "last")]
)
def test_a_page_number_that_is_not_one_is_answered_as_on_the_mission_list(
    client, seeded, page, shown
):
    call_command("synth", "--missions", "400", "--allow-mixed", verbosity=0)
    publish_every_mission()
    for url in (
        "/missions/",
        "/destinations/lunar-surface/",
        "/editions/test-2030/",
        "/editions/current/",
    ):
        response = client.get(url, {"page": page, "format": "json"})
        assert response.status_code == 200, url
        data = response.json()
        assert data["page"] == (data["pages"] if shown == "last" else shown), url


def test_an_edition_lists_its_plans_a_page_at_a_time(client, seeded):
    call_command("synth", "--missions", "400", "--allow-mixed", verbosity=0)
    edition = publish_every_mission()
    snapshot = edition.verified_snapshot()
    total = len(snapshot["missions"])
    data = client.get("/editions/test-2030/?format=json&page=2").json()
    assert data["count"] == total
    assert data["pages"] == math.ceil(total / PAGE_SIZE)
    assert data["snapshot"]["missions"] == snapshot["missions"][50:100]
    # An edition's statements hold no dependencies (no date says when one was
    # known): the snapshot says they are not recorded.
    assert data["snapshot"]["dependencies"] == []
    assert data["snapshot"]["dependencies_recorded"] is False
    assert data["snapshot"]["agencies"] == snapshot["agencies"]
    assert data["snapshot_url"].endswith("/editions/test-2030/snapshot.json")
    page = client.get("/editions/test-2030/?page=2")
    assert [m["slug"] for m in page.context["missions"]] == [
        m["slug"] for m in data["snapshot"]["missions"]
    ]


def test_each_page_of_a_published_edition_is_kept_in_memory(
    client, seeded, django_assert_num_queries
):
    call_command("synth", "--missions", "400", "--allow-mixed", verbosity=0)
    publish_every_mission()
    first = client.get("/editions/test-2030/")
    # the edition and the issues it corrects or is corrected by; the snapshot is kept
    with django_assert_num_queries(2):
        second = client.get("/editions/test-2030/?page=2")
    assert second.content != first.content
    # A current issue may still gain an erratum notice: shared caches check back.
    assert second["Cache-Control"] == "public, max-age=3600"
    with django_assert_num_queries(0):
        assert client.get("/editions/test-2030/?page=2").content == second.content
        assert client.get("/editions/test-2030/").content == first.content


def test_the_working_draft_is_read_again_when_its_snapshot_changes(client, seeded):
    client.cookies["sessionid"] = "not-a-session"
    before = client.get("/editions/current/?format=json").json()["count"]
    call_command("synth", "--missions", "120", "--allow-mixed", verbosity=0)
    refresh_draft_snapshot(Edition.objects.get(slug="current"))
    after = client.get("/editions/current/?format=json").json()["count"]
    assert after == before + 120


@pytest.mark.parametrize(
    "query",
    [
        "",
        "agency=JAXA&crewed=false",
        "destination=lunar-surface&status=planned,launched",
        "objective=LSO20-1&kind=science",
        "agency=NASA,ESA&planned_after=2025",
    ],
)
def test_each_facet_count_is_what_choosing_that_value_gives(seeded, query):
    call_command("synth", "--missions", "200", "--allow-mixed", verbosity=0)
    params = QueryDict(query)
    facets = mission_facets(parse_mission_query(params))
    for name in FACETS:
        for value, _label, count in facets[name]:
            chosen = params.copy()
            chosen[name] = value
            matching = filter_missions(parse_mission_query(chosen))
            if name == "destination":
                # The filter takes in sub-destinations; the facet counts each alone.
                matching = matching.filter(destination__slug=value)
            assert count == matching.count(), (name, value)


def test_the_facet_counts_change_at_once_when_the_plan_does(client, seeded):
    client.cookies["sessionid"] = "not-a-session"
    url = "/missions/?agency=JAXA&format=json"

    def crewed_count() -> int:
        facets = client.get(url).json()["facets"]["crewed"]
        return next((f["count"] for f in facets if f["value"] == "true"), 0)

    before = crewed_count()
    mission = Mission.objects.filter(lead__code="JAXA", crewed=False).first()
    assert mission is not None
    mission.crewed = True
    mission.save()
    assert crewed_count() == before + 1
