"""The analyses on the database: one call each for the web, the API and the CLI.

Each function loads its inputs through ``ger.analysis.adapters`` (a fixed number
of bulk queries), runs the pure core and returns its result, whose ``as_dict()``
is the JSON answer and ``table()`` the rows. Nothing here writes to the database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ger.analysis.adapters import live_portfolio, plan_history, portfolio_for
from ger.analysis.backtest import BacktestReport, backtest
from ger.analysis.coverage import CoverageReport, objective_coverage
from ger.analysis.montecarlo import Forecast, RiskReport, forecast_risk
from ger.analysis.partnerships import PartnershipReport, partnership_opportunities
from ger.analysis.proximity import (
    DEFAULT_SURFACE_MONTHS,
    DEFAULT_THRESHOLD_KM,
    ProximityReport,
    landing_site_proximity,
)
from ger.analysis.risk import CalibrationError, calibrate
from ger.analysis.schedule import FIRST_CREWED_LANDING, Shift
from ger.analysis.schedule_reports import (
    ScheduleReport,
    WhatIfReport,
    schedule_report,
    what_if,
)

DEFAULT_BACKTEST_EDITION = "GER-SUPP-2022"


def coverage(
    edition: str | None = None, before_year: int | None = None, min_agencies: int = 2
) -> CoverageReport:
    """Return objective coverage, gaps and overlaps of the live plan or an edition."""
    return objective_coverage(portfolio_for(edition), before_year, min_agencies)


def partnerships(
    edition: str | None = None,
    agency: str | None = None,
    limit: int | None = None,
    members_only: bool = True,
) -> PartnershipReport:
    """Return ranked partnership opportunities, optionally for one agency."""
    return partnership_opportunities(
        portfolio_for(edition), agency, limit, members_only
    )


def schedule(
    edition: str | None = None, milestone: str = FIRST_CREWED_LANDING
) -> ScheduleReport:
    """Return the critical path to a milestone and each upstream mission's float."""
    return schedule_report(portfolio_for(edition), milestone)


def whatif(moves: Mapping[str, float], edition: str | None = None) -> WhatIfReport:
    """Return what moves when missions slip; computed in memory, nothing is saved."""
    return what_if(portfolio_for(edition), moves)


def schedule_and_whatif(
    edition: str | None = None,
    milestone: str = FIRST_CREWED_LANDING,
    moves: Mapping[str, float] | None = None,
) -> tuple[ScheduleReport, WhatIfReport | None]:
    """Return the schedule report and, when moves are given, their what-if."""
    portfolio = portfolio_for(edition)
    report = schedule_report(portfolio, milestone)
    return report, what_if(portfolio, moves) if moves else None


def risk(edition: str | None = None, trials: int = 10_000, seed: int = 0) -> RiskReport:
    """Return the Monte Carlo launch forecast, calibrated on every outcome known."""
    live = live_portfolio()
    history = plan_history(live)
    calibration = calibrate(
        history.records, history.fleet, history.dependencies, history.as_of
    )
    portfolio = live if not edition else portfolio_for(edition)
    if edition:
        note = _(
            "The calibration uses every outcome known on %(date)s, including "
            "launches after this edition; the back-test forecasts without hindsight."
        ) % {"date": history.as_of.isoformat()}
        portfolio = dataclasses.replace(portfolio, notes=(*portfolio.notes, note))
    return forecast_risk(portfolio, calibration, trials, seed)


def risk_backtest(
    edition: str | None = None,
    trials: int = 10_000,
    seed: int = 0,
    cutoff: dt.date | None = None,
) -> BacktestReport:
    """Return the back-test: calibrated as of an edition, scored on what followed."""
    history = plan_history()
    code = edition or DEFAULT_BACKTEST_EDITION
    if code not in history.editions:
        from ger.analysis.adapters import find_edition

        code = find_edition(code).code
    if code not in history.editions:
        raise ValueError(_("edition %(code)s states no dated plan") % {"code": code})
    return backtest(history, code, trials, seed, cutoff)


@dataclass(frozen=True)
class MissionOutlook:
    """One mission's launch forecast and what a year's slip of it would move."""

    forecast: Forecast | None
    knock_on: tuple[Shift, ...]
    slip_months: float


def mission_outlook(
    slug: str, slip_months: float = 12, trials: int = 2000
) -> MissionOutlook:
    """Return a mission's forecast and the missions its slip would push later."""
    live = live_portfolio()
    item = live.by_slug.get(slug)
    if item is None or item.has_flown or item.is_cancelled:
        return MissionOutlook(None, (), slip_months)
    history = plan_history(live)
    try:
        calibration = calibrate(
            history.records, history.fleet, history.dependencies, history.as_of
        )
        report = forecast_risk(live, calibration, trials, seed=0)
        forecast = next((row for row in report.missions if row.slug == slug), None)
    except CalibrationError:
        forecast = None
    knock_on: tuple[Shift, ...] = ()
    if item.window is not None:
        shifts = what_if(live, {slug: slip_months}).shifts
        knock_on = tuple(shift for shift in shifts if not shift.moved_directly)
    return MissionOutlook(forecast, knock_on, slip_months)


def proximity(
    edition: str | None = None,
    threshold_km: float = DEFAULT_THRESHOLD_KM,
    surface_months: float = DEFAULT_SURFACE_MONTHS,
) -> ProximityReport:
    """Return landing sites closer than the threshold, flagged when in time together."""
    return landing_site_proximity(portfolio_for(edition), threshold_km, surface_months)
