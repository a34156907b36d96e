"""Back-test of the risk forecast: calibrate as of an edition, score what followed.

The calibration sees only the plans stated up to the edition and the launches that
had happened by its date; the forecast is of that edition's own plans; the score
compares it with what has happened since. Nothing is tuned on the outcome.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ger.analysis.model import History, PlanItem, Portfolio, Window
from ger.analysis.montecarlo import forecast_risk
from ger.analysis.months import month_label, month_number
from ger.analysis.results import Table
from ger.analysis.risk import Calibration, CalibrationError, calibrate


@dataclass(frozen=True)
class Score:
    """One forecast compared with the outcome."""

    slug: str
    planned: str
    p10: float
    p50: float
    p80: float
    p90: float
    plan_end: float
    outcome: str  # launched, waiting, cancelled, undated
    actual: float | None
    within_p80: bool | None
    within_interval: bool | None

    @property
    def error(self) -> float | None:
        return None if self.actual is None else self.actual - self.p50

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "planned": self.planned,
            "p10": month_label(self.p10),
            "p50": month_label(self.p50),
            "p80": month_label(self.p80),
            "p90": month_label(self.p90),
            "outcome": self.outcome,
            "actual": None if self.actual is None else month_label(self.actual),
            "at_or_before_p80": self.within_p80,
            "within_p10_p90": self.within_interval,
            "error_months": None if self.error is None else round(self.error, 2),
        }


def _rate(values: list[bool | None]) -> dict[str, Any]:
    decided = [value for value in values if value is not None]
    hits = sum(decided)
    return {
        "hits": hits,
        "decided": len(decided),
        "undecided": len(values) - len(decided),
        "rate": None if not decided else round(hits / len(decided), 3),
    }


@dataclass(frozen=True)
class BacktestReport:
    """Coverage and error of the forecasts made as of one edition."""

    edition: str
    cutoff: str
    scored_on: str
    calibration: Calibration | None
    scores: tuple[Score, ...]
    error: str | None
    trials: int
    seed: int

    def summary(self) -> dict[str, Any]:
        errors = [score.error for score in self.scores if score.error is not None]
        plan_errors = [
            score.actual - score.plan_end
            for score in self.scores
            if score.actual is not None
        ]
        outcomes = [score.outcome for score in self.scores]
        return {
            "forecasts": len(self.scores),
            "launched_since": outcomes.count("launched"),
            "still_waiting": outcomes.count("waiting"),
            "cancelled": outcomes.count("cancelled"),
            "p80_coverage": _rate([score.within_p80 for score in self.scores]),
            "p10_p90_coverage": _rate([score.within_interval for score in self.scores]),
            "mean_error_months": _mean(errors),
            "mean_absolute_error_months": _mean([abs(value) for value in errors]),
            # The same error for the plan as stated, taking its window's end.
            "plan_mean_error_months": _mean(plan_errors),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "analysis": "backtest",
            "edition": self.edition,
            "cutoff": self.cutoff,
            "scored_on": self.scored_on,
            "trials": self.trials,
            "seed": self.seed,
            "error": self.error,
            "summary": self.summary(),
            "calibration": None
            if self.calibration is None
            else self.calibration.as_dict(),
            "scores": [score.as_dict() for score in self.scores],
        }

    def table(self) -> Table:
        columns = ("mission", "planned", "p50", "p80", "p90", "outcome", "actual")
        return Table(
            (*columns, "at_or_before_p80", "error_months"),
            tuple(
                (
                    *(row[key] for key in ("slug", "planned", "p50", "p80", "p90")),
                    row["outcome"],
                    row["actual"],
                    row["at_or_before_p80"],
                    row["error_months"],
                )
                for row in (score.as_dict() for score in self.scores)
            ),
        )


def _mean(values: list[float]) -> float | None:
    return None if not values else round(sum(values) / len(values), 2)


def backtest(
    history: History,
    edition: str,
    trials: int = 10_000,
    seed: int = 0,
    cutoff: dt.date | None = None,
) -> BacktestReport:
    """Return how forecasts of ``edition``'s plans made on ``cutoff`` fared since.

    ``cutoff`` defaults to the edition's date; a later one forecasts the plans
    still open then, from everything known then, and scores what came after.
    """
    cutoff = cutoff or history.editions[edition]
    if cutoff < history.editions[edition] or cutoff >= history.as_of:
        raise ValueError(
            _("the cutoff must fall between the edition's date (%(date)s) and today")
            % {"date": history.editions[edition].isoformat()}
        )
    report = BacktestReport(
        edition,
        cutoff.isoformat(),
        history.as_of.isoformat(),
        None,
        (),
        None,
        trials,
        seed,
    )
    try:
        calibration = calibrate(
            history.records, history.fleet, history.dependencies, cutoff
        )
    except CalibrationError as error:
        return dataclasses.replace(report, error=str(error))
    plans = [record for record in history.records if record.edition == edition]
    items = tuple(_as_then(record.item, record.window, cutoff) for record in plans)
    portfolio = Portfolio(
        label=edition, as_of=cutoff, items=items, dependencies=history.dependencies
    )
    forecast = forecast_risk(portfolio, calibration, trials, seed, milestones=())
    ends = {record.item.slug: record.window.end_month for record in plans}
    truth = {item.slug: item for item in history.fleet}
    today = month_number(history.as_of)
    scores = tuple(
        _score(row, truth[row.slug], ends[row.slug], today)
        for row in forecast.missions
        if not row.launched and row.p_by_plan is not None
    )
    return dataclasses.replace(report, calibration=calibration, scores=scores)


def _score(row: Any, item: PlanItem, plan_end: float, today: float) -> Score:
    """Return how one forecast fared against what became of the mission."""
    p10, p50, p80, p90 = row.quantiles
    actual: float | None = None
    if item.is_cancelled:
        outcome, within_p80, within = "cancelled", None, None
    elif item.launched is not None:
        actual = (item.launched.start_month + item.launched.end_month) / 2
        outcome, within_p80, within = "launched", actual <= p80, p10 <= actual <= p90
    elif item.has_flown:
        outcome, within_p80, within = "undated", None, None
    else:
        # Not launched yet: a miss is already certain once today passes P80/P90.
        outcome = "waiting"
        within_p80 = False if today > p80 else None
        within = False if today > p90 else None
    return Score(
        slug=row.slug,
        planned=row.window,
        p10=p10,
        p50=p50,
        p80=p80,
        p90=p90,
        plan_end=plan_end,
        outcome=outcome,
        actual=actual,
        within_p80=within_p80,
        within_interval=within,
    )


def _as_then(item: PlanItem, window: Window, cutoff: dt.date) -> PlanItem:
    """Return the mission as it stood at the cutoff, with the edition's plan."""
    launched = (
        item.launched if item.launched and item.launched.start <= cutoff else None
    )
    return dataclasses.replace(
        item,
        planned=window,
        launched=launched,
        status=item.status if launched is not None else "planned",
    )
