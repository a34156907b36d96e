"""Slip calibration: samples from plans and outcomes, and fits that recover a known model."""

from __future__ import annotations

import datetime as dt
from statistics import NormalDist

import numpy as np
import pytest

from ger.analysis.model import PlanRecord, Window
from ger.analysis.normal import log_normal_sf, normal_ppf
from ger.analysis.risk import (
    CalibrationError,
    Novelty,
    calibrate,
    fit_slips,
    slip_samples,
    vehicle_class,
)
from ger.analysis.synthetic import SlipModel, synthetic_history, synthetic_portfolio
from tests.analysis.builders import item

STATED = dt.date(2020, 8, 31)


def record(plan: str, **fields):
    mission = item(fields.pop("slug", "m"), None, **fields)
    return PlanRecord("E", STATED, Window.from_text(plan), mission)


def samples(*records, as_of=dt.date(2026, 11, 26)):
    fleet = [r.item for r in records]
    return slip_samples(records, Novelty(fleet, []), as_of)


def test_a_launch_within_the_stated_year_is_on_time():
    found, _excluded = samples(record("2023", launched="2023-12-20"))
    assert [(s.outcome, s.months) for s in found] == [("on_time", 0.0)]


def test_a_launch_after_the_window_is_late_by_the_months_past_its_end():
    found, _excluded = samples(record("2023-06", launched="2023-09-16"))
    assert found[0].outcome == "late"
    # From the end of June to mid-September: two and a half months.
    assert found[0].months == pytest.approx(2.5, abs=0.02)


def test_a_mission_not_launched_after_its_window_is_waiting_for_at_least_that_long():
    found, _excluded = samples(record("2024"), as_of=dt.date(2026, 7, 1))
    assert [(s.outcome, round(s.months, 1)) for s in found] == [("waiting", 18.0)]


def test_plans_whose_window_is_not_over_and_cancelled_missions_are_left_out():
    found, excluded = samples(
        record("2030", slug="future"), record("2022", slug="gone", status="cancelled")
    )
    assert found == []
    assert excluded == {"window not yet over": 1, "cancelled since": 1}


def test_outcomes_after_the_calibration_date_are_not_known_yet():
    found, _excluded = samples(
        record("2021", launched="2023-07-14"), as_of=dt.date(2022, 10, 31)
    )
    assert found[0].outcome == "waiting"
    assert found[0].months == pytest.approx(10.0, abs=0.05)


def test_classes_separate_crewed_landers_and_orbiters():
    assert vehicle_class(item("c", crewed=True)) == "crewed"
    assert vehicle_class(item("l", destination="lunar-south-pole")) == "lander"
    assert vehicle_class(item("o", destination="nrho")) == "orbiter"


def test_a_mission_is_a_repeat_when_its_agency_flew_that_class_before():
    fleet = [
        item(
            "old", None, launched="2019-07", lead="ISRO", destination="lunar-south-pole"
        ),
        item("new", "2023", lead="ISRO", destination="lunar-south-pole"),
        item("first", "2023", lead="JAXA", destination="lunar-south-pole"),
    ]
    novelty = Novelty(fleet, [])
    assert novelty.of(fleet[1], STATED) == "repeat"
    assert novelty.of(fleet[2], STATED) == "first"
    assert novelty.of(fleet[1], dt.date(2018, 1, 1)) == "first"


def test_the_normal_tail_and_its_inverse_match_the_standard_library():
    normal = NormalDist()
    z = np.array([-4.0, -1.0, 0.0, 0.7, 2.5, 6.0])
    expected = [np.log(1 - normal.cdf(value)) for value in z]
    assert log_normal_sf(z) == pytest.approx(expected, rel=1e-6)
    p = np.array([1e-8, 0.01, 0.3, 0.5, 0.97, 1 - 1e-9])
    assert normal_ppf(p) == pytest.approx([normal.inv_cdf(v) for v in p], abs=1e-6)


def test_the_fit_of_observed_delays_is_the_mean_and_spread_of_their_logarithms():
    fit = fit_slips(on_time=2, late=[2.0, 8.0], waiting=[])
    assert fit.on_time == 0.5
    assert fit.mu == pytest.approx(np.log(4.0))
    assert fit.sigma == pytest.approx(np.log(2.0))


def test_the_fit_recovers_a_known_slip_model_from_censored_synthetic_history():
    truth = SlipModel(on_time=0.3, mu=2.0, sigma=0.7)
    history = synthetic_history(synthetic_portfolio(6000, 20, seed=5, model=truth))
    calibration = calibrate(
        history.records, history.fleet, history.dependencies, history.as_of
    )
    pooled = calibration.classes["all"]
    assert pooled.waiting > 50  # launches still pending are part of the evidence
    assert pooled.fit.on_time == pytest.approx(truth.on_time, abs=0.03)
    assert pooled.fit.mu == pytest.approx(truth.mu, abs=0.08)
    assert pooled.fit.sigma == pytest.approx(truth.sigma, abs=0.08)


def test_dropping_the_waiting_missions_would_bias_the_fit_early():
    truth = SlipModel(on_time=0.3, mu=2.0, sigma=0.7)
    history = synthetic_history(synthetic_portfolio(6000, 20, seed=5, model=truth))
    calibration = calibrate(
        history.records, history.fleet, history.dependencies, history.as_of
    )
    observed = [s.months for s in calibration.samples if s.outcome == "late"]
    naive = fit_slips(on_time=1, late=observed, waiting=[])
    assert naive.mu < calibration.classes["all"].fit.mu - 0.02


def test_a_thin_class_uses_the_fit_of_its_broader_class():
    orbiters = [
        record("2021", slug=f"on-time-{n}", launched="2021-06-01") for n in range(6)
    ] + [
        record("2021", slug=f"late-{n}", launched=f"{2022 + n}-03-01") for n in range(4)
    ]
    crewed = [
        record("2021", slug=f"crewed-{n}", crewed=True, launched="2024-01-01")
        for n in range(2)
    ]
    records = orbiters + crewed
    calibration = calibrate(records, [r.item for r in records], [], dt.date(2026, 1, 1))
    assert calibration.classes["orbiter/first"].uses == "orbiter/first"
    assert calibration.classes["crewed/first"].samples == 2
    assert calibration.classes["crewed/first"].uses == "all"
    assert (
        calibration.for_class("crewed", "first").fit == calibration.classes["all"].fit
    )


def test_too_little_history_is_refused_with_the_counts():
    records = [
        record("2021", launched="2021-03-01"),
        record("2020", launched="2023-01-01"),
    ]
    with pytest.raises(CalibrationError, match="2 informative sample"):
        calibrate(records, [r.item for r in records], [], dt.date(2026, 1, 1))
