"""The adapter builds the plain inputs from the database in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from ger.analysis.adapters import edition_portfolio, find_edition, live_portfolio
from ger.analysis.statements import plan_history
from ger.editions.models import Edition, EditionPlan
from ger.plans.models import Dependency, Mission

pytestmark = pytest.mark.django_db


def test_the_live_plan_holds_every_mission_and_dependency(seeded):
    portfolio = live_portfolio()
    assert len(portfolio.items) == Mission.objects.count()
    assert len(portfolio.dependencies) == Dependency.objects.count()
    lupex = portfolio.by_slug["lupex"]
    assert lupex.lead == "JAXA"
    assert "ISRO" in lupex.partners
    assert lupex.destination_path == ("moon", "lunar-surface", "lunar-south-pole")
    assert "water_ice_prospecting" in lupex.provides
    artemis_iii = portfolio.by_slug["artemis-iii"]
    assert [(link.code, link.editorial) for link in artemis_iii.objectives] == [
        ("LSO20-1", True)
    ]
    assert "JAXA" in portfolio.members


def test_a_year_plan_becomes_a_window_over_the_whole_year(seeded):
    artemis_iv = live_portfolio().by_slug["artemis-iv"]
    assert artemis_iv.planned is not None
    assert (artemis_iv.planned.start, artemis_iv.planned.end) == (
        dt.date(2028, 1, 1),
        dt.date(2028, 12, 31),
    )


def test_an_edition_gives_its_own_plans_and_only_the_launches_before_it(seeded):
    edition = find_edition("GER-SUPP-2022-E1")
    portfolio = edition_portfolio(edition)
    assert len(portfolio.items) == EditionPlan.objects.filter(edition=edition).count()
    assert portfolio.as_of == dt.date(2022, 10, 31)
    artemis_ii = portfolio.by_slug["artemis-ii"]
    assert artemis_ii.planned is not None
    assert artemis_ii.planned.label == "NET 2024-05"
    assert artemis_ii.launched is None  # it launched in 2026, after the edition
    assert portfolio.by_slug["kplo-danuri"].launched is not None
    assert portfolio.notes


def test_editions_are_found_by_slug_or_code(seeded):
    assert find_edition("2022-supplement") == find_edition("GER-SUPP-2022")


def test_a_name_with_a_nul_byte_names_no_edition(seeded):
    with pytest.raises(Edition.DoesNotExist):
        find_edition("GER-SUPP-2022\x00")


def test_the_history_holds_every_dated_plan_of_every_edition(seeded):
    history = plan_history()
    # Each edition's current issue only: a superseded first issue holds statements
    # learned after its release.
    dated = EditionPlan.objects.filter(
        launch_on__isnull=False, edition__code__endswith="-E1"
    ).count()
    assert len(history.records) == dated
    assert set(history.editions) == {"GER-SUPP-2020-E1", "GER-SUPP-2022-E1"}
    assert history.editions["GER-SUPP-2020-E1"] == dt.date(2020, 8, 31)


def test_loading_takes_the_same_queries_for_ten_times_the_missions(
    seeded, django_assert_num_queries, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as small:
        live_portfolio()
    call_command("synth", missions=500, agencies=5, allow_mixed=True, verbosity=0)
    with django_assert_num_queries(len(small.captured_queries)):
        portfolio = live_portfolio()
    assert len(portfolio.items) == Mission.objects.count()
