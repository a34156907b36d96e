"""The back-test calibrates on what was known at the cutoff and scores what followed."""

from __future__ import annotations

import datetime as dt

import pytest

from ger.analysis.backtest import backtest
from ger.analysis.model import History, PlanRecord, Window
from tests.analysis.builders import item

EARLY, LATER = dt.date(2016, 1, 31), dt.date(2020, 8, 31)
TODAY = dt.date(2026, 11, 26)
DELAYS = (
    "2018-03-15",
    "2018-06-15",
    "2018-09-15",
    "2018-12-15",
    "2019-03-15",
    "2019-06-15",
)


def history() -> History:
    past = [item(f"on-time-{n}", None, launched="2017-06-01") for n in range(4)]
    past += [item(f"late-{n}", None, launched=day) for n, day in enumerate(DELAYS)]
    # Launched only after the cutoff: the calibration must not see this outcome.
    past.append(item("after-cutoff", None, launched="2022-05-01"))
    tested = [
        item("kept", None, launched="2021-05-10"),
        item("slipped", None, launched="2023-06-15"),
        item("pending", None),
        item("dropped", None, status="cancelled"),
    ]
    records = [PlanRecord("E0", EARLY, Window.from_text("2017"), m) for m in past]
    records += [PlanRecord("E1", LATER, Window.from_text("2021"), m) for m in tested]
    return History(
        records=tuple(records),
        fleet=tuple(past + tested),
        dependencies=(),
        as_of=TODAY,
        editions={"E0": EARLY, "E1": LATER},
    )


def test_it_calibrates_only_on_what_was_known_at_the_cutoff():
    report = backtest(history(), "E1", trials=4000, seed=1)
    assert report.calibration is not None
    outcomes = {s.slug: s.outcome for s in report.calibration.samples}
    assert {s.edition for s in report.calibration.samples} == {"E0"}
    assert outcomes["after-cutoff"] == "waiting"
    assert sum(1 for o in outcomes.values() if o == "late") == len(DELAYS)


def test_it_scores_every_plan_of_the_edition_against_its_outcome():
    report = backtest(history(), "E1", trials=4000, seed=1)
    outcomes = {score.slug: score.outcome for score in report.scores}
    assert outcomes == {
        "kept": "launched",
        "slipped": "launched",
        "pending": "waiting",
        "dropped": "cancelled",
    }
    summary = report.summary()
    assert (
        summary["launched_since"],
        summary["still_waiting"],
        summary["cancelled"],
    ) == (2, 1, 1)
    errors = [s.error for s in report.scores if s.error is not None]
    assert summary["mean_error_months"] == pytest.approx(sum(errors) / 2, abs=0.01)


def test_a_launch_by_the_p80_date_counts_as_covered():
    report = backtest(history(), "E1", trials=4000, seed=1)
    for score in report.scores:
        if score.outcome == "launched":
            assert score.within_p80 == (score.actual <= score.p80)
        if score.outcome == "cancelled":
            assert score.within_p80 is None


def test_a_later_cutoff_forecasts_only_the_plans_still_open_then():
    report = backtest(history(), "E1", trials=2000, seed=1, cutoff=dt.date(2022, 1, 1))
    assert "kept" not in {score.slug for score in report.scores}


def test_too_little_history_is_reported_not_forecast():
    thin = history()
    thin = History(
        records=tuple(r for r in thin.records if r.edition == "E1"),
        fleet=thin.fleet,
        dependencies=(),
        as_of=TODAY,
        editions=thin.editions,
    )
    report = backtest(thin, "E1")
    assert report.error is not None
    assert "too little history" in report.error
    assert report.scores == ()


def test_the_cutoff_must_lie_between_the_edition_and_today():
    with pytest.raises(ValueError, match="cutoff"):
        backtest(history(), "E1", cutoff=dt.date(2019, 1, 1))
