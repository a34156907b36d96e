"""The timeline page draws a bounded window of the filtered missions; its twin pages."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ger.plans.models import Mission
from ger.web.views import timeline as timeline_view

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_caches")]


@pytest.fixture
def chart_limit(monkeypatch):
    monkeypatch.setattr(timeline_view, "CHART_LIMIT", 10)
    return 10


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_chart_draws_at_most_the_limit_and_says_how_many_it_leaves_out(
    client, seeded, chart_limit
):
    body = client.get("/timeline/?group=agency").content.decode()
    total = Mission.objects.count()
    assert body.count('class="tl-label"') == chart_limit
    assert (
        f"Showing missions 1 to {chart_limit} of {total}; narrow with the filters."
        in body
    )
    assert 'href="/missions/?">Filters</a>' in body
    assert f'href="?group=agency&amp;offset={chart_limit}" rel="next"' in body
    assert 'rel="prev"' not in body


def test_a_small_plan_is_drawn_whole_without_a_notice(client, seeded):
    body = client.get("/timeline/").content.decode()
    assert f"{Mission.objects.count()} missions shown." in body
    assert "narrow with the filters" not in body


def test_the_notice_links_to_the_list_with_the_same_filters(
    client, seeded, chart_limit
):
    body = client.get("/timeline/?status=planned,studied&offset=10").content.decode()
    assert 'href="/missions/?status=planned%2Cstudied">Filters</a>' in body
    assert 'href="?status=planned%2Cstudied&amp;offset=0" rel="prev"' in body


def test_the_json_twin_pages_through_every_mission_in_the_list_order(client, seeded):
    url = "/timeline/?format=json&limit=20"
    seen = []
    while url:
        data = client.get(url).json()
        assert data["count"] == Mission.objects.count()
        assert len(data["items"]) <= data["limit"] == 20
        seen += [item["mission"] for item in data["items"]]
        url = data["next"]
    assert seen == list(
        Mission.objects.order_by("planned_launch_on", "slug").values_list(
            "slug", flat=True
        )
    )


def test_the_json_twin_links_back_to_the_previous_window(client, seeded):
    data = client.get("/timeline/?format=json&limit=20&offset=25").json()
    assert data["offset"] == 25
    assert data["previous"] == (
        "http://testserver/timeline/?format=json&limit=20&offset=5"
    )


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("limit=0", "limit"),
        ("limit=401", "limit"),
        ("limit=ten", "limit"),
        ("limit=%C2%B2", "limit"),  # a superscript two: a digit to str.isdigit
        ("limit=" + "9" * 5000, "limit"),
        ("offset=-1", "offset"),
        ("offset=1.5", "offset"),
        ("offset=5000", "offset"),  # past the last mission
        ("offset=9999999999", "offset"),
    ],
)
def test_a_bad_window_is_refused_naming_the_parameter(client, seeded, query, parameter):
    data = client.get(f"/timeline/?{query}&format=json")
    assert data.status_code == 400
    assert list(data.json()["error"]["fields"]) == [parameter]
    page = client.get(f"/timeline/?{query}")
    assert page.status_code == 400
    assert f"The parameter “{parameter}” cannot be used" in page.content.decode()


def test_an_empty_selection_is_no_error(client, seeded):
    data = client.get("/timeline/?planned_after=2199&format=json").json()
    assert (data["count"], data["items"], data["next"]) == (0, [], None)


def test_the_number_of_queries_does_not_grow_with_the_missions(client, db, chart_limit):
    call_command("synth", missions=60, agencies=3, seed=1, verbosity=0)
    few = [queries(client, url) for url in ("/timeline/", "/timeline/?group=agency")]
    call_command("synth", missions=400, agencies=3, seed=1, verbosity=0)
    cache.clear()
    many = [queries(client, url) for url in ("/timeline/", "/timeline/?group=agency")]
    assert few == many
    # The window, the count (the window is full) and the destinations' order: no
    # query per bar (a field the chart reads but the query left out would add 10).
    assert few == [3, 2]
