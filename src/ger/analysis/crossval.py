"""Cross-validation by mission of the forecast model against two baselines.

Every statement whose outcome is known (the mission launched after it) is forecast
by a model fitted on the statements of every *other* mission, as of the day the
statement was made, and scored against the launch:

* **P10-P90 coverage**: the share of launches between the forecast's P10 and P90
  (a calibrated forecast covers 80 %);
* **P50 error**: launch minus the forecast's median, in months (mean and mean
  absolute);
* **CRPS**: the continuous ranked probability score in months, a proper score of
  the whole distribution (lower is better; for a single date it is the error).

The baselines are *the plan as stated* (the launch anywhere in the stated window,
uniformly) and *the plan plus the median historical slip* of the other missions'
statements. A class of missions gets published forecasts only when the model's
mean CRPS beats both baselines' over at least ``MIN_SCORED`` held-out statements
of at least ``MIN_MISSIONS`` missions of that class; elsewhere the portal says there
is no reliable forecast. Each held-out mission is one independent test (its
statements are forecast by one fit and share one outcome), so five statements of
two missions are two tests, not five.

Missions are held out one at a time (leave one mission out) up to
``LEAVE_ONE_OUT_UP_TO`` of them, in ``FOLDS`` groups beyond. Cross-validation holds
out missions, not time: a statement of 2020 is forecast
from other missions' outcomes that may be later. The model never sees the held-out
mission's own outcome, nor any other statement about it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ger.analysis.cases import LAUNCHED, Case
from ger.analysis.forecast import FitError, fit, growth_forecast
from ger.analysis.months import month_label
from ger.analysis.results import Table
from ger.analysis.scoring import Distribution, crps, median_slip, plan_forecast

# Fixed before any result was seen.
MIN_SCORED = 5
# Added on 2026-12-02, after a run in which one class beat the baselines on five
# statements of only two missions: the rule can only withhold forecasts.
MIN_MISSIONS = 5
METHODS = ("model", "plan", "plan_plus_median_slip")
# Up to this many missions with a launch, each is held out alone; beyond, they are
# held out in this many groups (a plan of thousands: see ``cross_validate``).
LEAVE_ONE_OUT_UP_TO = 100
FOLDS = 20


@dataclass(frozen=True)
class Held:
    """One held-out statement: its launch and each method's forecast of it."""

    case: Case
    forecasts: dict[str, tuple[float, float, float, float]]  # p10, p50, p90, crps

    def as_dict(self) -> dict[str, Any]:
        assert self.case.actual is not None
        return {
            "mission": self.case.mission,
            "source": self.case.source,
            "class": self.case.class_key,
            "stated_by": month_label(self.case.known),
            "planned_end": month_label(self.case.end),
            "launched": month_label(self.case.actual),
            **{
                method: {
                    "p10": month_label(p10),
                    "p50": month_label(p50),
                    "p90": month_label(p90),
                    "p50_error_months": round(self.case.actual - p50, 2),
                    "within_p10_p90": p10 <= self.case.actual <= p90,
                    "crps_months": round(score, 3),
                }
                for method, (p10, p50, p90, score) in self.forecasts.items()
            },
        }


def summarise(held: Sequence[Held]) -> dict[str, Any]:
    """Return coverage, P50 error and mean CRPS of each method over ``held``."""
    found: dict[str, Any] = {}
    for method in METHODS:
        rows = [entry.forecasts[method] for entry in held]
        actual = [entry.case.actual for entry in held]
        errors = [
            a - p50 for a, (_p10, p50, _p90, _s) in zip(actual, rows, strict=True) if a
        ]
        hits = sum(
            1
            for a, (p10, _p50, p90, _s) in zip(actual, rows, strict=True)
            if a is not None and p10 <= a <= p90
        )
        found[method] = {
            "p10_p90_coverage": None if not rows else round(hits / len(rows), 3),
            "p50_mean_error_months": _mean(errors),
            "p50_mean_absolute_error_months": _mean([abs(e) for e in errors]),
            "mean_crps_months": _mean([row[3] for row in rows]),
        }
    return found


def _mean(values: list[float]) -> float | None:
    return None if not values else round(sum(values) / len(values), 3)


def beats_baselines(summary: dict[str, Any], held: Sequence[Held]) -> bool:
    """Return whether the model's mean CRPS beats both baselines' on enough cases."""
    if len(held) < MIN_SCORED or len({e.case.mission for e in held}) < MIN_MISSIONS:
        return False
    model = summary["model"]["mean_crps_months"]
    return model is not None and all(
        model < summary[baseline]["mean_crps_months"]
        for baseline in METHODS[1:]
        if summary[baseline]["mean_crps_months"] is not None
    )


@dataclass(frozen=True)
class CrossValidation:
    """The held-out forecasts, their scores overall and per class, and the verdict."""

    as_of: dt.date
    statements: int
    held: tuple[Held, ...]
    skipped: dict[str, int]
    folds: int | None = None  # None: each mission held out alone

    @property
    def method(self) -> str:
        if self.folds is None:
            return "leave-one-mission-out cross-validation"
        return f"cross-validation by mission, {self.folds} groups held out in turn"

    def by_class(self) -> dict[str, tuple[Held, ...]]:
        found: dict[str, list[Held]] = {}
        for entry in self.held:
            found.setdefault(entry.case.class_key, []).append(entry)
        return {key: tuple(found[key]) for key in sorted(found)}

    def reliable_classes(self) -> frozenset[str]:
        """Return the classes whose forecasts beat both baselines."""
        return frozenset(
            key
            for key, entries in self.by_class().items()
            if beats_baselines(summarise(entries), entries)
        )

    def as_dict(self) -> dict[str, Any]:
        overall = summarise(self.held)
        return {
            "analysis": "backtest",
            "method": self.method,
            "as_of": self.as_of.isoformat(),
            "statements": self.statements,
            "held_out": len(self.held),
            "missions_held_out": len({entry.case.mission for entry in self.held}),
            "not_scored": self.skipped,
            "minimum_per_class": MIN_SCORED,
            "minimum_missions_per_class": MIN_MISSIONS,
            "summary": overall,
            "model_beats_both_baselines": beats_baselines(overall, self.held),
            "classes": [
                {
                    "class": key,
                    "held_out": len(entries),
                    "missions_held_out": len({e.case.mission for e in entries}),
                    "summary": (found := summarise(entries)),
                    "model_beats_both_baselines": beats_baselines(found, entries),
                }
                for key, entries in self.by_class().items()
            ],
            "held": [entry.as_dict() for entry in self.held],
        }

    def table(self) -> Table:
        summary = summarise(self.held)
        return Table(
            ("method", "held_out", "p10_p90_coverage", "p50_mae_months", "mean_crps"),
            tuple(
                (
                    method,
                    len(self.held),
                    summary[method]["p10_p90_coverage"],
                    summary[method]["p50_mean_absolute_error_months"],
                    summary[method]["mean_crps_months"],
                )
                for method in METHODS
            ),
        )


def _score(distribution: Distribution, actual: float) -> tuple[float, ...]:
    return (
        distribution.quantile(0.1),
        distribution.quantile(0.5),
        distribution.quantile(0.9),
        crps(distribution, actual),
    )


def cross_validate(found: Iterable[Case], as_of: dt.date) -> CrossValidation:
    """Return the cross-validated scores of the model and the baselines.

    Each mission with a launch is held out alone (leave one mission out) while they
    number at most ``LEAVE_ONE_OUT_UP_TO``; beyond, they are held out in ``FOLDS``
    groups (every ``FOLDS``-th mission in the order of their names), so that a plan
    of thousands of missions costs ``FOLDS`` fits, not thousands. Either way no fit
    sees a held-out mission's statements.
    """
    every = list(found)
    scored: dict[str, list[Case]] = {}
    for case in every:
        if case.outcome == LAUNCHED:
            scored.setdefault(case.mission, []).append(case)
    missions = sorted(scored)
    count = len(missions) if len(missions) <= LEAVE_ONE_OUT_UP_TO else FOLDS
    skipped: dict[str, int] = {}
    held: list[Held] = []
    for fold in range(count):
        out = set(missions[fold::count])
        fold_cases = [case for mission in sorted(out) for case in scored[mission]]
        others = [case for case in every if case.mission not in out]
        try:
            model = fit(others)
        except FitError:
            skipped["too little data without this mission"] = skipped.get(
                "too little data without this mission", 0
            ) + len(fold_cases)
            continue
        shift = median_slip(others)
        held.extend(_held(case, model, shift) for case in fold_cases)
    for case in every:
        if case.outcome != LAUNCHED:
            skipped[case.outcome] = skipped.get(case.outcome, 0) + 1
    grouped = FOLDS if count < len(missions) else None
    return CrossValidation(as_of, len(every), tuple(held), skipped, grouped)


def _held(case: Case, model: Any, shift: float) -> Held:
    """Score the three forecasts of one held-out statement."""
    assert case.actual is not None
    forecasts = {
        "model": growth_forecast(model, case),
        "plan": plan_forecast(case),
        "plan_plus_median_slip": plan_forecast(case, shift),
    }
    return Held(
        case,
        {
            name: _four(_score(forecast, case.actual))
            for name, forecast in forecasts.items()
        },
    )


def _four(values: tuple[float, ...]) -> tuple[float, float, float, float]:
    return (values[0], values[1], values[2], values[3])


def fit_or_none(found: Sequence[Case]) -> Any:
    """Return the fitted model, or None when the statements are too few."""
    try:
        return fit(found)
    except FitError:
        return None
