"""The Monte Carlo forecast: reproducible, consistent with the graph, conditioned on today."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from ger.analysis.model import PlanRecord, Window
from ger.analysis.montecarlo import forecast_risk, simulate
from ger.analysis.months import month_number
from ger.analysis.risk import calibrate
from ger.analysis.schedule import build_graph
from ger.analysis.synthetic import synthetic_history, synthetic_portfolio
from tests.analysis.builders import item, portfolio


@pytest.fixture(scope="module")
def calibration():
    history = synthetic_history(synthetic_portfolio(2000, 10, seed=1))
    return calibrate(
        history.records, history.fleet, history.dependencies, history.as_of
    )


def linked():
    return portfolio(
        item("relay", "2027", destination="lunar-orbit"),
        item("lander", "2027-06", destination="lunar-south-pole"),
        item("flown", None, launched="2024-02-15", destination="lunar-south-pole"),
        links=(("relay", "lander", 2), ("flown", "lander", 0)),
        as_of=dt.date(2026, 11, 26),
    )


def test_the_same_seed_gives_the_same_forecast(calibration):
    first = forecast_risk(linked(), calibration, trials=2000, seed=7)
    second = forecast_risk(linked(), calibration, trials=2000, seed=7)
    other = forecast_risk(linked(), calibration, trials=2000, seed=8)
    assert first.as_dict() == second.as_dict()
    assert first.as_dict()["missions"] != other.as_dict()["missions"]


def test_no_trial_launches_a_mission_before_its_upstream_plus_the_lag():
    graph = build_graph(linked())
    count = len(graph.items)
    launches = simulate(
        graph, np.full(count, 0.3), np.full(count, 2.0), np.full(count, 1.0), 5000, 1
    )
    relay, lander = graph.node("relay"), graph.node("lander")
    assert np.all(launches[lander] >= launches[relay] + 2 - 1e-3)


def test_launched_missions_stay_at_their_actual_date(calibration):
    report = forecast_risk(linked(), calibration, trials=1000, seed=1)
    flown = next(row for row in report.missions if row.slug == "flown")
    assert flown.launched
    assert flown.as_dict()["p50"] == "2024-02"
    assert flown.p_by_plan is None


def test_missions_not_launched_yet_are_forecast_after_today(calibration):
    overdue = portfolio(item("overdue", "2024"), as_of=dt.date(2026, 11, 26))
    graph = build_graph(overdue)
    launches = simulate(
        graph,
        np.array([0.3]),
        np.array([2.0]),
        np.array([1.0]),
        5000,
        3,
        now=month_number(dt.date(2026, 11, 26)),
    )
    assert launches.min() >= month_number(dt.date(2026, 11, 26)) - 1e-3
    report = forecast_risk(overdue, calibration, trials=2000, seed=1)
    assert report.missions[0].p_by_plan == 0.0


def test_probability_by_plan_matches_the_calibrated_share_for_a_lone_mission(
    calibration,
):
    lone = portfolio(item("lone", "2030", destination="lunar-orbit"))
    report = forecast_risk(lone, calibration, trials=20_000, seed=2)
    expected = calibration.for_class("orbiter", "first").fit.on_time
    assert report.missions[0].p_by_plan == pytest.approx(expected, abs=0.015)


def test_quantiles_are_ordered_and_the_milestone_is_the_first_candidate(calibration):
    crewed = portfolio(
        item("early", "2028", crewed=True, destination="lunar-south-pole"),
        item("late", "2031", crewed=True, destination="lunar-surface"),
    )
    report = forecast_risk(crewed, calibration, trials=4000, seed=3)
    milestone = report.milestones[0]
    p10, p50, p80, p90 = milestone.quantiles
    assert p10 <= p50 <= p80 <= p90
    early = next(row for row in report.missions if row.slug == "early")
    assert milestone.quantiles[1] <= early.quantiles[1]


def test_a_no_later_than_plan_counts_any_earlier_launch_as_on_time(calibration):
    record = PlanRecord(
        "E", dt.date(2022, 10, 31), Window.from_text("NLT 2030"), item("x", None)
    )
    assert record.window.open_start
    bounded = portfolio(item("bounded", "NLT 2030"), as_of=dt.date(2026, 11, 26))
    report = forecast_risk(bounded, calibration, trials=4000, seed=4)
    assert report.missions[0].quantiles[0] < month_number(dt.date(2030, 1, 1))


def test_trials_are_lowered_to_keep_the_simulation_within_its_memory_budget(
    calibration, monkeypatch
):
    from ger.analysis import montecarlo

    plan = linked()  # three missions
    assert forecast_risk(plan, calibration, trials=2000).trials == 2000
    monkeypatch.setattr(montecarlo, "TRIAL_CELLS", 3 * 500)
    lowered = forecast_risk(plan, calibration, trials=2000)
    assert (lowered.trials, lowered.as_dict()["trials_requested"]) == (500, 2000)
    monkeypatch.setattr(montecarlo, "TRIAL_CELLS", 3)
    assert forecast_risk(plan, calibration, trials=2000).trials == montecarlo.MIN_TRIALS
