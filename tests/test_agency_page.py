"""An agency's page lists its missions a page at a time and bounds its timeline."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from ger.objectives.models import Objective
from ger.plans.models import Mission
from ger.registry.models import Agency
from ger.web.views import agencies as agency_views

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_caches")]


@pytest.fixture
def synthetic(db):
    call_command("synth", missions=300, agencies=3, seed=1, verbosity=0)
    return Agency.objects.get(slug="syn001")


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(agency_views, "PAGE_SIZE", 25)


def involving(agency: Agency) -> list[Mission]:
    return list(
        Mission.objects.filter(
            Q(lead=agency) | Q(partnerships__agency=agency)
        ).distinct()
    )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_json_twin_pages_through_every_mission_of_the_agency(
    client, synthetic, small_pages
):
    expected = involving(synthetic)
    assert len(expected) > 50
    url = "/agencies/syn001/?format=json"
    seen = []
    while url:
        data = client.get(url).json()
        assert data["code"] == "SYN001"
        assert data["count"] == len(expected)
        assert data["pages"] == -(-len(expected) // 25)
        assert len(data["missions"]) <= 25
        seen += [m["slug"] for m in data["missions"]]
        url = data["next"]
    assert sorted(seen) == sorted(m.slug for m in expected)
    assert len(seen) == len(set(seen))


def test_roles_are_those_of_the_agency_on_every_page(client, synthetic, small_pages):
    data = client.get("/agencies/syn001/?page=2&format=json").json()
    assert data["previous"] == "http://testserver/agencies/syn001/?page=1&format=json"
    for mission in data["missions"]:
        if mission["lead"] == "SYN001":
            assert mission["role"] == "lead"
        else:
            roles = [p["role"] for p in mission["partners"] if p["agency"] == "SYN001"]
            assert mission["role"] == roles[0]


def test_partners_and_objectives_cover_all_missions_not_just_the_page(
    client, synthetic, small_pages
):
    missions = involving(synthetic)
    partners = {m.lead.code for m in missions} | {
        p.agency.code for m in missions for p in m.partnerships.all()
    }
    partners.discard("SYN001")
    objectives = Objective.objects.filter(mission_links__mission__in=missions)
    data = client.get("/agencies/syn001/?format=json").json()
    assert set(data["partners"]) == partners
    assert data["partners"] == sorted(data["partners"], key=str.lower)
    assert data["objectives"] == sorted({o.code for o in objectives})


def test_the_timeline_draws_the_listed_page_and_says_which_it_is(
    client, synthetic, small_pages
):
    total = len(involving(synthetic))
    response = client.get("/agencies/syn001/")
    body = response.content.decode()
    assert len(response.context["missions"]) == 25
    assert body.count('class="tl-label"') == 25
    assert f"Showing missions 1 to 25 of {total}; narrow with the filters." in body
    assert 'href="/missions/?agency=SYN001">Filters</a>' in body
    assert 'href="/timeline/?agency=SYN001">Timeline</a>' in body
    assert 'href="?page=2" rel="next"' in body
    second = client.get("/agencies/syn001/?page=2").content.decode()
    assert f"Showing missions 26 to 50 of {total};" in second
    last = -(-total // 25)
    body = client.get(f"/agencies/syn001/?page={last}").content.decode()
    assert f"Page {last} of {last}" in body
    assert f"Showing missions {25 * (last - 1) + 1} to {total} of {total};" in body


def test_a_page_of_the_table_never_outgrows_the_chart():
    assert agency_views.PAGE_SIZE <= agency_views.CHART_LIMIT


def test_the_table_reads_as_before(client, synthetic, small_pages):
    mission = client.get("/agencies/syn001/").context["missions"][0]
    body = client.get("/agencies/syn001/").content.decode()
    role = "lead" if mission.lead_id == synthetic.pk else "partner"
    planned = mission.planned_launch.label() if mission.planned_launch else "—"
    assert (
        f'<tr><td><a href="/missions/{mission.slug}/" class="name" translate="no">'
        f"{mission.name}</a></td>"
        f"<td>{role}</td><td>{planned}</td>"
    ) in body


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("0", "last"),
        ("-1", "last"),
        ("two", 1),
        ("1.5", 1),
        ("99", "last"),
        ("9" * 5000, 1),
    ],
)
def test_a_page_number_out_of_range_shows_the_first_or_last_page_as_the_list_does(
    client, synthetic, small_pages, page, shown
):
    listed = client.get(f"/missions/?page={page}&format=json").json()
    data = client.get(f"/agencies/syn001/?page={page}&format=json")
    assert data.status_code == 200
    body = data.json()
    assert body["page"] == (body["pages"] if shown == "last" else shown)
    assert listed["page"] == (listed["pages"] if shown == "last" else shown)
    assert client.get(f"/agencies/syn001/?page={page}").status_code == 200


def test_an_agency_without_missions_has_one_empty_page(client, synthetic):
    quiet = Agency.objects.create(code="QUIET", name="Quiet agency", slug="quiet")
    data = client.get(f"/agencies/{quiet.slug}/?format=json").json()
    assert (data["count"], data["pages"], data["missions"], data["next"]) == (
        0,
        1,
        [],
        None,
    )
    assert client.get(f"/agencies/{quiet.slug}/").status_code == 200


def test_the_number_of_queries_does_not_grow_with_the_missions(client, db, small_pages):
    call_command("synth", missions=200, agencies=3, seed=1, verbosity=0)
    few = queries(client, "/agencies/syn001/")
    call_command("synth", missions=900, agencies=3, seed=1, verbosity=0)
    cache.clear()
    assert queries(client, "/agencies/syn001/") == few
    # The agency, the count, the page, its partners, its objectives: no query per
    # row (a field the table reads but the page query left out would add 25).
    assert few == 5
