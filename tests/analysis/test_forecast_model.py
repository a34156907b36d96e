"""The forecast model, its cross-validation against the baselines, and what is published."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import numpy as np
import pytest

from ger.analysis import crossval
from ger.analysis.cases import LAUNCHED, WAITING, Case
from ger.analysis.crossval import cross_validate, summarise
from ger.analysis.forecast import FitError, fit, growth_forecast
from ger.analysis.model import Portfolio, Window
from ger.analysis.published import NOT_BETTER, RELIABLE, publish
from ger.analysis.scoring import Distribution, crps, plan_forecast
from tests.analysis.builders import item

TODAY = dt.date(2026, 12, 1)
NOW = 2026 * 12 + 11


def case(mission, key, growth=None, horizon=24.0, known=2015 * 12.0, waited=None):
    """Return a case stated at ``known`` for a window ending ``horizon`` later."""
    end = known + horizon
    if growth is not None:
        return Case(
            mission,
            "E",
            key,
            known,
            end - 12,
            end,
            LAUNCHED,
            known + horizon * growth,
            None,
        )
    return Case(mission, "E", key, known, end - 12, end, WAITING, None, waited)


def synthetic(seed=0, per_class=None):
    """Return launched cases whose log growth is drawn around known class means."""
    rng = np.random.default_rng(seed)
    means = {"lander/first": 0.8, "orbiter/repeat": 0.1}
    per_class = per_class or {"lander/first": 40, "orbiter/repeat": 40}
    found = []
    for key, count in per_class.items():
        for n in range(count):
            growth = math.exp(means[key] + 0.3 * rng.standard_normal())
            horizon = float(rng.uniform(12, 60))
            found.append(case(f"{key}-{n}", key, growth, horizon))
    return found


def test_the_fit_recovers_class_growth_and_spread():
    model = fit(synthetic())
    assert model.classes["lander/first"].effect == pytest.approx(0.8, abs=0.12)
    assert model.classes["orbiter/repeat"].effect == pytest.approx(0.1, abs=0.12)
    assert model.sigma == pytest.approx(0.3, abs=0.08)
    # No horizon effect was drawn: the slope stays near zero.
    assert abs(model.slope) < 0.2


def test_a_thin_class_borrows_from_the_others():
    rng = np.random.default_rng(4)
    found = []
    # Four well-filled classes that agree (log growth about 0.5)...
    for key in ("lander/first", "lander/repeat", "orbiter/first", "orbiter/repeat"):
        for n in range(30):
            growth = math.exp(0.5 + 0.3 * rng.standard_normal())
            found.append(case(f"{key}-{n}", key, growth, float(rng.uniform(12, 60))))
    # ...and one crewed statement far above them.
    found.append(case("crewed-1", "crewed/first", math.exp(1.5), 24.0))
    model = fit(found)
    crewed = model.classes["crewed/first"]
    assert crewed.own_mean == pytest.approx(1.5, abs=0.25)
    # One statement against 120 that agree: pulled most of the way to the mean.
    assert crewed.weight_own < 0.5
    assert crewed.effect < 1.0
    assert model.classes["lander/first"].weight_own > 0.5


def test_waiting_missions_count_as_late_by_at_least_the_time_waited():
    launched = [case(f"m{n}", "lander/first", 1.0 + n / 10) for n in range(6)]
    waiting = [
        case(f"w{n}", "lander/first", horizon=24.0, waited=24.0 * 4) for n in range(6)
    ]
    without = fit(launched).classes["lander/first"].effect
    with_waits = fit(launched + waiting).classes["lander/first"].effect
    assert with_waits > without + 0.5
    # A wait still inside its window says nothing and is left out.
    early = case("early", "lander/first", horizon=48.0, waited=10.0)
    assert not early.informative
    assert fit([*launched, early]).excluded == {WAITING: 1}


def test_too_few_launched_statements_is_a_clear_error():
    with pytest.raises(FitError, match="fewer than two launched"):
        fit([case("a", "lander/first", 1.2), case("b", "lander/first", waited=100)])


def test_crps_is_the_error_for_a_single_date_and_exact_for_a_uniform_window():
    point = Distribution("plan", 0.0, 1.0, start=100.0, end=100.0)
    assert crps(point, 107.0) == pytest.approx(7.0)
    window = Distribution("plan", 0.0, 1.0, start=100.0, end=112.0)
    # CRPS = E|X - y| - E|X - X'| / 2; for U(a, b), E|X - X'| = (b - a) / 3.
    a, b, y = 100.0, 112.0, 103.0
    exact = ((y - a) ** 2 + (b - y) ** 2) / (2 * (b - a)) - (b - a) / 6
    assert crps(window, y) == pytest.approx(exact, rel=1e-3)
    assert crps(window, 130.0) == pytest.approx(130.0 - 106.0 - 2.0, rel=1e-3)


def test_a_forecast_given_no_launch_yet_starts_after_that_day():
    model = fit(synthetic())
    stated = case("x", "lander/first", horizon=24.0, waited=0.0)
    free = growth_forecast(model, stated)
    later = growth_forecast(model, stated, after=stated.end + 30)
    assert later.quantile(0.01) >= stated.end + 30
    assert later.quantile(0.5) > free.quantile(0.5)


def test_cross_validation_never_sees_the_held_out_missions_outcome():
    found = synthetic(per_class={"lander/first": 12, "orbiter/repeat": 12})
    first = cross_validate(found, TODAY)
    target = found[0]
    moved = [dataclasses.replace(target, actual=target.actual + 200), *found[1:]]
    second = cross_validate(moved, TODAY)
    before = next(h for h in first.held if h.case.mission == target.mission)
    after = next(h for h in second.held if h.case.mission == target.mission)
    # The same forecast (its quantiles), scored against a different launch.
    assert before.forecasts["model"][:3] == after.forecasts["model"][:3]
    assert before.forecasts["model"][3] != after.forecasts["model"][3]
    assert len(first.held) == 24


def test_on_data_drawn_from_the_model_it_beats_both_baselines():
    validation = cross_validate(synthetic(), TODAY)
    summary = summarise(validation.held)
    assert summary["model"]["mean_crps_months"] < summary["plan"]["mean_crps_months"]
    assert (
        summary["model"]["mean_crps_months"]
        < summary["plan_plus_median_slip"]["mean_crps_months"]
    )
    assert 0.6 <= summary["model"]["p10_p90_coverage"] <= 0.95
    assert validation.reliable_classes() == {"lander/first", "orbiter/repeat"}


def test_the_plan_baselines_are_its_window_and_the_window_moved():
    stated = case("x", "lander/first", 1.0)
    assert plan_forecast(stated).quantile(0.5) == pytest.approx(stated.end - 6)
    assert plan_forecast(stated, 10).quantile(0.5) == pytest.approx(stated.end + 4)


def portfolio(*items):
    return Portfolio(label="test", as_of=TODAY, items=items)


def test_published_forecasts_are_ranges_capped_at_the_evidence():
    found = synthetic()
    model = fit(found)
    validation = cross_validate(found, TODAY)
    lander = item("new-lander", "2027", destination="lunar-surface")
    lander = dataclasses.replace(lander, site=None)
    stated_known = NOW - 24
    planned = Window.from_text("2027")
    own = Case(
        "new-lander",
        "E",
        "lander/first",
        stated_known,
        planned.start_month,
        planned.end_month,
        WAITING,
        None,
        24.0,
    )
    report = publish(portfolio(lander), [*found, own], model, validation)
    row = report.mission("new-lander")
    assert row is not None
    assert row.verdict == RELIABLE
    assert row.evidence.statements == 40
    cap = planned.end_month + max(c.slip for c in found if c.class_key == row.class_key)
    assert row.cap == pytest.approx(cap)
    labels = row.range
    for level, value in zip(("p10", "p50", "p80", "p90"), row.quantiles, strict=True):
        if value > cap:
            assert labels[level] == {"date": None, "later_than": int(cap // 12)}
        else:
            assert labels[level]["later_than"] is None


def test_a_class_that_does_not_beat_the_baselines_gets_no_forecast():
    found = synthetic()
    model = fit(found)
    validation = cross_validate(found, TODAY)
    orbiter = item("new-orbiter", "2027")
    planned = Window.from_text("2027")
    own = Case(
        "new-orbiter",
        "E",
        "orbiter/first",
        NOW - 24,
        planned.start_month,
        planned.end_month,
        WAITING,
        None,
        24.0,
    )
    row = publish(portfolio(orbiter), [*found, own], model, validation).mission(
        "new-orbiter"
    )
    assert row is not None
    assert row.verdict == NOT_BETTER
    assert row.range is None
    # Its comparable cases fall back to the vehicle: orbiters.
    assert row.evidence.scope == "orbiter"
    assert "past plans of 40 missions" in row.comparable_words


@pytest.mark.django_db
def test_plan_statements_are_read_once_each_with_their_known_since_date(seeded):
    from ger.analysis.statements import plan_statements
    from ger.editions.models import Edition, EditionPlan
    from ger.plans.models import PlanStatement

    found = plan_statements()
    rows = EditionPlan.objects.filter(
        launch_on__isnull=False, edition__in=Edition.objects.current()
    )
    dated = PlanStatement.objects.filter(launch_on__isnull=False)
    assert 0 < len(found) <= rows.count() + dated.count()
    assert {s.source for s in found} >= {"statement", "GER-SUPP-2022-E1"}
    keys = [(s.mission, s.known_on, s.planned) for s in found]
    assert len(keys) == len(set(keys))
    by_key = {(s.mission, s.source): s for s in found}
    # Known since the end of its stated month (Chandrayaan-3: October 2022)...
    assert by_key[("chandrayaan-3", "GER-SUPP-2022-E1")].known_on == dt.date(
        2022, 10, 31
    )
    # ...or, without one, since the edition's release (October 2022).
    assert by_key[("slim", "GER-SUPP-2022-E1")].known_on == dt.date(2022, 10, 31)


@pytest.mark.django_db
def test_no_published_forecast_reaches_past_its_evidence_and_each_names_its_cases(
    seeded,
):
    from ger.analysis import services

    report = services.forecasts()
    assert report.milestones
    landing = report.milestones[0]
    assert landing.name == "Artemis IV"
    artemis_iv = report.mission("artemis-iv")
    for row in (landing, artemis_iv):
        assert row is not None
        assert row.evidence.statements > 0
        assert f"{row.evidence.statements} past plans" in row.comparable_words
    for row in report.missions:
        if not row.reliable:
            assert row.range is None
            continue
        assert row.cap is not None
        for part, value in zip(row.range.values(), row.quantiles, strict=True):
            assert (part["date"] is None) == (value > row.cap)


def test_a_class_needs_five_missions_not_only_five_statements():
    # Three statements each of two missions beat the baselines on every score...
    found = [*synthetic()]
    few = [
        case(f"pair-{n}", "crewed/first", 3.0, horizon=24.0, known=2015 * 12.0 + k)
        for n in range(2)
        for k in range(3)
    ]
    validation = cross_validate([*found, *few], TODAY)
    scored = validation.by_class()["crewed/first"]
    assert len(scored) == 6
    assert len({entry.case.mission for entry in scored}) == 2
    scores = summarise(scored)
    model = scores["model"]["mean_crps_months"]
    assert model < scores["plan"]["mean_crps_months"]
    assert model < scores["plan_plus_median_slip"]["mean_crps_months"]
    # ...but two missions are two tests: no forecast for the class.
    assert "crewed/first" not in validation.reliable_classes()
    listed = validation.as_dict()
    assert listed["minimum_missions_per_class"] == 5
    crewed = next(c for c in listed["classes"] if c["class"] == "crewed/first")
    assert crewed["missions_held_out"] == 2
    assert crewed["model_beats_both_baselines"] is False


@pytest.mark.django_db
def test_a_stated_launch_window_runs_to_its_end(seeded):
    from ger.analysis.statements import plan_statements

    by_key = {(s.mission, s.known_on): s for s in plan_statements()}
    # Mengtian, July 2022: "second half of 2022".
    mengtian = by_key[("mengtian", dt.date(2022, 7, 31))]
    assert (mengtian.planned.start, mengtian.planned.end) == (
        dt.date(2022, 7, 1),
        dt.date(2022, 12, 31),
    )
    assert mengtian.planned.label == "2022-07/2022-12"


@pytest.mark.django_db
def test_the_backtest_scores_every_method_on_at_least_forty_held_out_plans(seeded):
    from ger.analysis import services

    report = services.forecasts()
    data = report.validation.as_dict()
    assert data["held_out"] >= 40
    assert data["missions_held_out"] >= 20
    for method in ("model", "plan", "plan_plus_median_slip"):
        scores = data["summary"][method]
        assert 0 <= scores["p10_p90_coverage"] <= 1
        assert scores["p50_mean_absolute_error_months"] >= 0
        assert scores["mean_crps_months"] > 0
    # Where the model earned no class, nothing is forecast.
    if not report.reliable_classes:
        assert not any(row.reliable for row in report.missions)


def test_a_plan_of_many_missions_is_held_out_in_folds_none_seen_by_its_own_fit(
    monkeypatch,
):
    # 140 missions with a launch: above LEAVE_ONE_OUT_UP_TO (100)
    found = synthetic(per_class={"lander/first": 70, "orbiter/repeat": 70})
    fitted_on = []
    real_fit = crossval.fit

    def recording_fit(cases):
        fitted_on.append({c.mission for c in cases})
        return real_fit(cases)

    monkeypatch.setattr(crossval, "fit", recording_fit)
    validation = cross_validate(found, TODAY)
    assert len(fitted_on) == crossval.FOLDS
    assert len(validation.held) == len(found)
    missions = {c.mission for c in found}
    held_out = [missions - seen for seen in fitted_on]
    # Each mission held out by exactly one fit, every fold of 7.
    assert sorted(m for fold in held_out for m in fold) == sorted(missions)
    assert {len(fold) for fold in held_out} == {7}
    assert validation.as_dict()["method"] == (
        "cross-validation by mission, 20 groups held out in turn"
    )


def test_a_few_missions_are_each_held_out_alone(monkeypatch):
    found = synthetic(per_class={"lander/first": 12, "orbiter/repeat": 12})
    fits = []
    real_fit = crossval.fit
    monkeypatch.setattr(
        crossval, "fit", lambda cases: fits.append(1) or real_fit(cases)
    )
    validation = cross_validate(found, TODAY)
    assert len(fits) == len({c.mission for c in found}) == 24
    assert validation.as_dict()["method"] == "leave-one-mission-out cross-validation"
