"""Analysis results kept for the plan generation: fresh after an edit, equal, cheap."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.template import Context, Template
from django.utils import translation

from ger.analysis import services
from ger.analysis.adapters import live_portfolio
from ger.analysis.coverage import objective_coverage
from ger.analysis.montecarlo import forecast_risk
from ger.analysis.partnerships import partnership_opportunities
from ger.analysis.proximity import landing_site_proximity
from ger.analysis.risk import calibrate
from ger.analysis.schedule import FIRST_CREWED_LANDING
from ger.analysis.schedule_reports import schedule_report, what_if
from ger.analysis.statements import plan_history
from ger.editions.models import Edition
from ger.plans.models import Mission

pytestmark = pytest.mark.django_db

PAGES = ("/analysis/coverage/", "/analysis/partnerships/", "/analysis/schedule/")


def calibrated(portfolio):
    history = plan_history(portfolio)
    return calibrate(
        history.records, history.fleet, history.dependencies, history.as_of
    )


def outlook_afresh(slug: str) -> tuple[object, ...]:
    """Return a mission's forecast and knock-on computed on the whole plan."""
    live = live_portfolio()
    report = forecast_risk(live, calibrated(live), services.OUTLOOK_TRIALS, seed=0)
    forecast = next((row for row in report.missions if row.slug == slug), None)
    shifts = what_if(live, {slug: 12}).shifts
    return forecast, tuple(shift for shift in shifts if not shift.moved_directly)


ANALYSES = {
    "coverage": (
        lambda: services.coverage(),
        lambda: objective_coverage(live_portfolio()),
    ),
    "partnerships": (
        lambda: services.partnerships(),
        lambda: partnership_opportunities(live_portfolio()),
    ),
    "schedule": (
        lambda: services.schedule(),
        lambda: schedule_report(live_portfolio(), FIRST_CREWED_LANDING),
    ),
    "whatif": (
        lambda: services.whatif({"gateway-ppe-halo": 12}),
        lambda: what_if(live_portfolio(), {"gateway-ppe-halo": 12}),
    ),
    "risk": (
        lambda: services.risk(trials=500, seed=3),
        lambda: forecast_risk(
            live_portfolio(), calibrated(live_portfolio()), trials=500, seed=3
        ),
    ),
    "proximity": (
        lambda: services.proximity(threshold_km=150),
        lambda: landing_site_proximity(live_portfolio(), 150),
    ),
}


@pytest.mark.parametrize("name", ANALYSES)
def test_a_kept_result_equals_one_computed_afresh_and_costs_no_query(
    seeded, django_assert_num_queries, name
):
    kept_by_service, afresh = ANALYSES[name]
    first = kept_by_service()
    with django_assert_num_queries(0):
        kept = kept_by_service()
    assert kept.as_dict() == first.as_dict() == afresh().as_dict()
    assert kept.table() == afresh().table()


def test_a_kept_mission_outlook_equals_one_computed_on_the_whole_plan(
    seeded, django_assert_num_queries
):
    first = services.mission_outlook("gateway-ppe-halo")
    with django_assert_num_queries(0):
        kept = services.mission_outlook("gateway-ppe-halo")
    # Another mission's outlook reads the shared basis, not the database.
    with django_assert_num_queries(0):
        other = services.mission_outlook("lupex")
    assert kept == first
    assert (kept.forecast, kept.knock_on) == outlook_afresh("gateway-ppe-halo")
    assert (other.forecast, other.knock_on) == outlook_afresh("lupex")
    assert [shift.slug for shift in kept.knock_on] == ["artemis-iv"]


def test_saving_a_planned_date_changes_every_kept_analysis_at_once(seeded):
    assert services.mission_outlook("gateway-ppe-halo").knock_on
    assert services.whatif({"gateway-ppe-halo": 12}).shifts[-1].slug == "artemis-iv"
    artemis_iii = next(
        link
        for row in services.coverage().objectives
        for link in row.contributions
        if link.slug == "artemis-iii"
    )
    assert artemis_iii.window != "2035"
    for slug in ("artemis-iii", "artemis-iv"):
        mission = Mission.objects.get(slug=slug)
        mission.planned_launch_on = dt.date(2035, 1, 1)
        mission.planned_launch_precision = "year"
        mission.planned_launch_qualifier = ""
        mission.save()  # a save through the model starts a new plan generation

    # Artemis IV now has years of slack: a year's slip upstream no longer moves it.
    assert services.mission_outlook("gateway-ppe-halo").knock_on == ()
    assert [s.slug for s in services.whatif({"gateway-ppe-halo": 12}).shifts] == [
        "gateway-ppe-halo"
    ]
    windows = {
        link.slug: link.window
        for row in services.coverage().objectives
        for link in row.contributions
    }
    assert windows["artemis-iii"] == "2035"


def test_an_edited_plan_shows_at_once_on_a_page_rendered_for_a_signed_in_reader(
    client, seeded
):
    client.cookies["sessionid"] = "not-a-session"
    url = "/analysis/coverage/?format=json"
    assert "2035" not in client.get(url).content.decode()
    assert "2035" not in client.get("/analysis/coverage/").content.decode()
    mission = Mission.objects.get(slug="artemis-iii")
    mission.planned_launch_on = dt.date(2035, 1, 1)
    mission.planned_launch_precision = "year"
    mission.save()
    data = client.get(url).json()
    windows = {
        link["slug"]: link["window"]
        for row in data["objectives"]
        for link in row["missions"]
    }
    assert windows["artemis-iii"] == "2035"
    assert "2035" in client.get("/analysis/coverage/").content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_a_second_render_takes_the_same_few_queries_whatever_the_plan_size(
    client, seeded, django_assert_num_queries, django_assert_max_num_queries, url
):
    client.cookies["sessionid"] = "not-a-session"  # no shared page cache
    client.get(url)
    with django_assert_max_num_queries(2) as small:
        assert client.get(url).status_code == 200
    call_command("synth", missions=400, agencies=5, allow_mixed=True, verbosity=0)
    cache.clear()  # a bulk load starts no generation by itself
    client.get(url)
    with django_assert_num_queries(len(small.captured_queries)):
        body = client.get(url).content.decode()
    assert f"{Mission.objects.count()} missions" in body


def test_a_mission_panel_renders_from_kept_results_without_a_query(
    seeded, django_assert_num_queries
):
    panel = Template("{% load analysis %}{% mission_outlook 'gateway-ppe-halo' %}")
    first = panel.render(Context())
    with django_assert_num_queries(0):
        again = panel.render(Context())
    assert again == first
    assert "Artemis IV" in again


def test_a_published_edition_is_kept_under_its_identity_by_slug_or_code(seeded):
    edition = Edition.objects.get(code="GER-SUPP-2022")
    by_code = services.cache_key("coverage", "GER-SUPP-2022", (None, 2))
    by_slug = services.cache_key("coverage", edition.slug, (None, 2))
    assert by_code == by_slug
    assert edition.snapshot_sha256 in by_code
    assert services.coverage(edition.slug) == services.coverage("GER-SUPP-2022")
    assert services.coverage("GER-SUPP-2022").source["label"] == "GER-SUPP-2022"


def test_every_parameter_and_the_language_select_a_kept_result(seeded):
    assert services.coverage(before_year=2030) != services.coverage()
    assert services.partnerships(agency="JAXA") != services.partnerships()
    with translation.override("fr"):
        french = services.coverage()
    assert french.source["label"] == "plan actuel"
    assert services.coverage().source["label"] == "current plan"


def test_an_unknown_edition_is_refused_every_time_not_kept(seeded):
    for _attempt in range(2):
        with pytest.raises(Edition.DoesNotExist):
            services.coverage("no-such-edition")


def test_results_of_new_parameters_load_the_plan_once_per_generation(
    seeded, monkeypatch
):
    loads: list[str | None] = []
    load = services.portfolio_for

    def counted(edition: str | None = None):
        loads.append(edition)
        return load(edition)

    monkeypatch.setattr(services, "portfolio_for", counted)
    services.partnerships(agency="NASA")
    services.partnerships(agency="JAXA")
    services.whatif({"gateway-ppe-halo": 12})
    services.whatif({"gateway-ppe-halo": 6})
    assert loads == [None]
    # The plan holds names in the reader's language: French loads its own.
    with translation.override("fr"):
        services.partnerships(agency="ESA")
    assert loads == [None, None]
    mission = Mission.objects.get(slug="artemis-iii")
    mission.planned_launch_on = dt.date(2035, 1, 1)
    mission.save()  # a new plan generation: the next result loads the plan again
    services.partnerships(agency="NASA")
    assert loads == [None, None, None]
