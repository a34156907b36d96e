"""The forecasts the portal publishes: only where the model earned it, as ranges.

For each mission still to fly, its newest dated statement of the current plan is
forecast by the growth model (``forecast.py``), fitted on every statement, given
that it has not launched by today. The forecast is published only when the
mission's class beats both baselines in the cross-validation (``crossval.py``);
otherwise the page says "no reliable forecast" and shows the plan's own window with
the slips of comparable statements in words. A published range is capped at the
latest launch the comparable evidence covers: the plan's end plus the longest slip
seen among them; a quantile beyond it reads "later than" that year.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ger.analysis.cases import Case
from ger.analysis.crossval import CrossValidation
from ger.analysis.evidence import (
    ALL_CLASSES,
    Comparables,
    Evidence,
    class_words,
    comparable_words,
)
from ger.analysis.forecast import GrowthModel, growth_forecast
from ger.analysis.model import PlanItem, Portfolio
from ger.analysis.months import date_from_month_number, month_label, month_number
from ger.analysis.results import Table
from ger.analysis.risk import Novelty, vehicle_class
from ger.analysis.schedule import FIRST_CREWED_LANDING

LEVELS = (0.1, 0.5, 0.8, 0.9)
# Verdicts, with why a forecast is withheld.
RELIABLE = "reliable"
NO_STATEMENT = "no dated statement of the current plan"
NOT_BETTER = "model does not beat the baselines for this class"
NO_MODEL = "too few statements to fit the model"
NO_CASES = "no comparable statement"


@dataclass(frozen=True)
class PublishedForecast:
    """A mission's or milestone's forecast, or why there is none."""

    slug: str
    name: str
    class_key: str
    planned: str
    verdict: str
    evidence: Evidence
    stated_on: dt.date | None = None
    quantiles: tuple[float, ...] = ()
    cap: float | None = None

    @property
    def reliable(self) -> bool:
        return self.verdict == RELIABLE

    @property
    def class_words(self) -> str:
        """Return the class in words, in the active language."""
        return class_words(self.class_key)

    @property
    def reason(self) -> str:
        """Return why there is no forecast, in words ("" for a forecast)."""
        reasons = {
            NO_STATEMENT: _(
                "the current plan has no dated statement to start a forecast from"
            ),
            NOT_BETTER: _(
                "for this class of mission, the model did not beat the plan's own "
                "dates in the cross-validation"
            ),
            NO_MODEL: _("too few dated plans are recorded to fit the model"),
            NO_CASES: _("no comparable past plan is recorded"),
        }
        return reasons.get(self.verdict, "")

    @property
    def comparable_words(self) -> str:
        """Return the comparable cases and their slips in words."""
        return comparable_words(self.evidence)

    def _label(self, value: float) -> dict[str, Any]:
        if self.cap is not None and value > self.cap:
            return {"date": None, "later_than": date_from_month_number(self.cap).year}
        return {"date": month_label(value), "later_than": None}

    @property
    def range(self) -> dict[str, Any] | None:
        """Return the P10, P50, P80 and P90 as dates, capped at the evidence."""
        if not self.reliable:
            return None
        return {
            f"p{round(level * 100)}": self._label(value)
            for level, value in zip(LEVELS, self.quantiles, strict=True)
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "class": self.class_key,
            "planned": self.planned,
            "statement_known_on": None
            if self.stated_on is None
            else self.stated_on.isoformat(),
            "forecast": self.verdict == RELIABLE,
            "verdict": self.verdict,
            "range": self.range,
            "evidence_covers_until": None
            if self.cap is None
            else month_label(self.cap),
            "comparable": self.evidence.as_dict(),
        }


@dataclass(frozen=True)
class ForecastReport:
    """Every published forecast, the model behind them and the verdicts per class."""

    source: dict[str, Any]
    model: GrowthModel | None
    validation: CrossValidation
    reliable_classes: frozenset[str]
    missions: tuple[PublishedForecast, ...]
    milestones: tuple[PublishedForecast, ...]

    def validation_rows(self) -> list[dict[str, Any]]:
        """Return the cross-validation's scores per class and method, for a table."""
        methods = {
            "model": _("model"),
            "plan": _("plan as stated"),
            "plan_plus_median_slip": _("plan plus median slip"),
        }
        rows = []
        validation = self.validation.as_dict()
        groups = [
            (ALL_CLASSES, validation),
            *((entry["class"], entry) for entry in validation["classes"]),
        ]
        for key, group in groups:
            for method, words in methods.items():
                found = group["summary"][method]
                rows.append(
                    {
                        "class_words": class_words(key),
                        "held_out": group["held_out"],
                        "missions": group["missions_held_out"],
                        "method": method,
                        "method_words": words,
                        "beats": group["model_beats_both_baselines"],
                        "coverage": found["p10_p90_coverage"],
                        "mae": found["p50_mean_absolute_error_months"],
                        "crps": found["mean_crps_months"],
                    }
                )
        return rows

    def mission(self, slug: str) -> PublishedForecast | None:
        return next((row for row in self.missions if row.slug == slug), None)

    def as_dict(self) -> dict[str, Any]:
        validation = self.validation.as_dict()
        return {
            "analysis": "forecast",
            "source": self.source,
            "model": None if self.model is None else self.model.as_dict(),
            "validation": {
                key: validation[key]
                for key in (
                    "held_out",
                    "summary",
                    "classes",
                    "minimum_per_class",
                    "minimum_missions_per_class",
                )
            },
            "reliable_classes": sorted(self.reliable_classes),
            "milestones": [row.as_dict() for row in self.milestones],
            "missions": [row.as_dict() for row in self.missions],
        }

    def table(self) -> Table:
        def text(row: PublishedForecast) -> tuple[Any, ...]:
            found = row.range
            if found is None:
                return ("", "", "")
            return tuple(
                part["date"] or f"later than {part['later_than']}"
                for part in (found["p10"], found["p50"], found["p90"])
            )

        return Table(
            ("mission", "class", "planned", "verdict", "p10", "p50", "p90"),
            tuple(
                (row.slug, row.class_key, row.planned, row.verdict, *text(row))
                for row in (*self.milestones, *self.missions)
            ),
        )


def _still_to_fly(item: PlanItem) -> bool:
    return not item.is_cancelled and not item.has_flown and item.planned is not None


def publish(
    portfolio: Portfolio,
    found: Sequence[Case],
    model: GrowthModel | None,
    validation: CrossValidation,
    milestone_slugs: Sequence[str] = (),
) -> ForecastReport:
    """Return the forecasts of every mission still to fly, as of the portfolio's day.

    ``found`` are the cases of every statement; a mission's forecast starts from its
    newest statement whose window is the current plan. ``milestone_slugs`` are the
    missions the first-crewed-landing milestone may be met by.
    """
    reliable = validation.reliable_classes() if model is not None else frozenset()
    now = month_number(portfolio.as_of)
    novelty = Novelty(portfolio.items, portfolio.dependencies)
    newest: dict[str, Case] = {}
    for case in found:
        kept = newest.get(case.mission)
        if kept is None or case.known >= kept.known:
            newest[case.mission] = case
    comparables = Comparables(found)
    rows = []
    for item in portfolio.items:
        if not _still_to_fly(item):
            continue
        assert item.planned is not None
        stated: Case | None = newest.get(item.slug)
        if stated is not None and not math.isclose(stated.end, item.planned.end_month):
            stated = None  # the current plan is not the one last stated with a date
        class_key = (
            stated.class_key
            if stated is not None
            else f"{vehicle_class(item)}/{novelty.of(item, portfolio.as_of)}"
        )
        rows.append(_row(item, class_key, stated, comparables, model, reliable, now))
    by_slug = {row.slug: row for row in rows}
    candidates = [by_slug[slug] for slug in milestone_slugs if slug in by_slug]
    milestones = []
    if candidates:
        first = min(candidates, key=lambda row: _plan_end(portfolio, row.slug))
        # The milestone is the first of them, under the milestone's own name.
        milestones.append(dataclasses.replace(first, slug=FIRST_CREWED_LANDING))
    return ForecastReport(
        source=portfolio.describe(),
        model=model,
        validation=validation,
        reliable_classes=reliable,
        missions=tuple(rows),
        milestones=tuple(milestones),
    )


def _plan_end(portfolio: Portfolio, slug: str) -> float:
    planned = portfolio.by_slug[slug].planned
    return math.inf if planned is None else planned.end_month


def _row(
    item: PlanItem,
    class_key: str,
    case: Case | None,
    comparables: Comparables,
    model: GrowthModel | None,
    reliable: frozenset[str],
    now: float,
) -> PublishedForecast:
    slug, name = item.slug, item.name
    planned = item.planned.label if item.planned is not None else ""
    seen = comparables.of(class_key)
    if case is None:
        return PublishedForecast(slug, name, class_key, planned, NO_STATEMENT, seen)
    stated_on = date_from_month_number(case.known - 1e-6)
    if model is None:
        verdict = NO_MODEL
    elif seen.statements == 0 or seen.latest_slip is None:
        verdict = NO_CASES
    elif class_key not in reliable:
        verdict = NOT_BETTER
    else:
        forecast = growth_forecast(model, case, after=now)
        cap = case.end + max(seen.latest_slip, 0.0)
        return PublishedForecast(
            slug,
            name,
            class_key,
            planned,
            RELIABLE,
            seen,
            stated_on,
            tuple(forecast.quantile(level) for level in LEVELS),
            max(cap, now),
        )
    return PublishedForecast(slug, name, class_key, planned, verdict, seen, stated_on)
