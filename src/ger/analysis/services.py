"""The analyses on the database: one call each for the web, the API and the CLI.

Each function loads its inputs through ``ger.analysis.adapters`` (a fixed number
of bulk queries), runs the pure core and returns its result, whose ``as_dict()``
is the JSON answer and ``table()`` the rows. Nothing here writes to the database.

A result depends only on the plan and the parameters, so it is kept in the shared
cache for the plan generation (``ger.plancache.plan_cached``): every save or
delete of a shared record starts a new generation, so an edit shows at once. The
key names the analysis, the plan (the current plan, or the edition: a published
one by its identity), every parameter and, when the result holds translated text,
the language. An edition's analysis also reads today's records of its missions
(objectives, capabilities, sites, dependencies), so it too lasts one generation.
Results take seconds to compute at 10,000 missions, so they are kept for an hour
(``KEPT_SECONDS``) rather than the 60 seconds of a cached page: bulk loads start a
new generation too (``ger.plancache.plan_changed_in_bulk``). The plan an analysis
reads (``kept_portfolio``) is kept the same way, so the results of new parameters
(another agency, a what-if's moves) do not load it again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from functools import cache
from typing import TypeVar

from django.core.cache import cache as django_cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ger.analysis.adapters import edition_identity, portfolio_for
from ger.analysis.backtest import BacktestReport, backtest
from ger.analysis.cases import Case, cases
from ger.analysis.coverage import CoverageReport, objective_coverage
from ger.analysis.crossval import CrossValidation, cross_validate, fit_or_none
from ger.analysis.forecast import GrowthModel
from ger.analysis.model import Portfolio
from ger.analysis.montecarlo import RiskReport, forecast_risk
from ger.analysis.outlook import MissionOutlook, OutlookBasis, outlook_basis
from ger.analysis.partnerships import PartnershipReport, partnership_opportunities
from ger.analysis.proximity import (
    DEFAULT_SURFACE_MONTHS,
    DEFAULT_THRESHOLD_KM,
    ProximityReport,
    landing_site_proximity,
)
from ger.analysis.published import ForecastReport, PublishedForecast, publish
from ger.analysis.risk import Calibration, CalibrationError, calibrate
from ger.analysis.schedule import FIRST_CREWED_LANDING, SlipGraph, build_graph
from ger.analysis.schedule_reports import (
    ScheduleReport,
    WhatIfReport,
    movable,
    schedule_report,
    what_if,
)
from ger.analysis.statements import plan_history, plan_statements
from ger.plancache import plan_cached, published_identity_of

__all__ = [
    "MissionOutlook",
    "coverage",
    "mission_outlook",
    "partnerships",
    "proximity",
    "risk",
    "risk_backtest",
    "schedule",
    "schedule_and_whatif",
    "whatif",
]

T = TypeVar("T")
KEPT_SECONDS = 3600
DEFAULT_BACKTEST_EDITION = "GER-SUPP-2022"
OUTLOOK_TRIALS = 2000


def _source(edition: str | None) -> str:
    """Name the plan an analysis reads: the current plan, or an edition."""
    if not edition:
        return "current"
    identity = published_identity_of(
        f"analysis-edition:{edition}", lambda: edition_identity(edition)
    )
    # Not published (a working draft, or no such edition): its name, this generation.
    return identity or f"edition:{edition}"


def cache_key(
    name: str,
    edition: str | None,
    parameters: tuple[object, ...],
    translated: bool = True,
) -> str:
    """Return the name an analysis result is kept under for the plan generation."""
    language = (get_language() or "") if translated else "any"
    return f"analysis:{name}|{_source(edition)}|{parameters!r}|{language}"


def _cached(
    name: str,
    edition: str | None,
    parameters: tuple[object, ...],
    compute: Callable[[], T],
    translated: bool = True,
) -> T:
    """Return ``compute()``, kept in the shared cache for the plan generation.

    An exception (no such edition, a bad parameter) is raised, never kept.
    """
    return plan_cached(
        cache_key(name, edition, parameters, translated), compute, KEPT_SECONDS
    )


def kept_portfolio(edition: str | None = None) -> Portfolio:
    """Return the plan the analyses read (``portfolio_for``), kept for the generation.

    Every result with new parameters (a what-if's moves, one agency's partnerships,
    another milestone) reads the same plan: it is loaded once per plan generation,
    language (the names it holds) and day (the live plan is as of today), not once
    per result.
    """
    return _cached(
        "portfolio",
        edition,
        (dt.date.today().isoformat(),),
        lambda: portfolio_for(edition),
    )


def coverage(
    edition: str | None = None, before_year: int | None = None, min_agencies: int = 2
) -> CoverageReport:
    """Return objective coverage, gaps and overlaps of the live plan or an edition."""
    return _cached(
        "coverage",
        edition,
        (before_year, min_agencies),
        lambda: objective_coverage(kept_portfolio(edition), before_year, min_agencies),
    )


def partnerships(
    edition: str | None = None,
    agency: str | None = None,
    limit: int | None = None,
    members_only: bool = True,
) -> PartnershipReport:
    """Return ranked partnership opportunities, optionally for one agency."""
    return _cached(
        "partnerships",
        edition,
        (agency, limit, members_only),
        lambda: partnership_opportunities(
            kept_portfolio(edition), agency, limit, members_only
        ),
    )


def schedule(
    edition: str | None = None, milestone: str = FIRST_CREWED_LANDING
) -> ScheduleReport:
    """Return the critical path to a milestone and each upstream mission's float."""
    return schedule_and_whatif(edition, milestone)[0]


def whatif(moves: Mapping[str, float], edition: str | None = None) -> WhatIfReport:
    """Return what moves when missions slip; computed in memory, nothing is saved."""
    return _cached(
        "whatif",
        edition,
        tuple(sorted(moves.items())),
        lambda: what_if(kept_portfolio(edition), moves),
    )


def movable_missions(edition: str | None = None) -> tuple[tuple[str, str], ...]:
    """Return (slug, name) of the missions a what-if can move, by slug."""
    return _cached(
        "movable",
        edition,
        (),
        lambda: tuple(
            sorted((item.slug, item.name) for item in movable(kept_portfolio(edition)))
        ),
        translated=False,
    )


def schedule_and_whatif(
    edition: str | None = None,
    milestone: str = FIRST_CREWED_LANDING,
    moves: Mapping[str, float] | None = None,
) -> tuple[ScheduleReport, WhatIfReport | None]:
    """Return the schedule report and, when moves are given, their what-if."""
    # Loaded at most once, and only when a result is not kept already.
    portfolio = cache(lambda: kept_portfolio(edition))
    report = _cached(
        "schedule",
        edition,
        (milestone,),
        lambda: schedule_report(portfolio(), milestone),
    )
    if not moves:
        return report, None
    found = _cached(
        "whatif",
        edition,
        tuple(sorted(moves.items())),
        lambda: what_if(portfolio(), moves),
    )
    return report, found


def _calibration(live: Callable[[], Portfolio]) -> Calibration:
    """Return the slip calibration on every outcome known, once per generation.

    ``live`` loads the current plan when the calibration is not kept already.
    Raise CalibrationError when the history is too short (not kept).
    """

    def compute() -> Calibration:
        history = plan_history(live())
        return calibrate(
            history.records, history.fleet, history.dependencies, history.as_of
        )

    # Calibrated on today's records: the same for the plan and for every edition.
    return _cached("calibration", None, (), compute, translated=False)


def risk(edition: str | None = None, trials: int = 10_000, seed: int = 0) -> RiskReport:
    """Return the Monte Carlo launch forecast, calibrated on every outcome known."""

    def compute() -> RiskReport:
        live = cache(kept_portfolio)
        calibration = _calibration(live)
        portfolio = live() if not edition else kept_portfolio(edition)
        if edition:
            note = _(
                "The calibration uses every outcome known on %(date)s, including "
                "launches after this edition; the back-test forecasts without "
                "hindsight."
            ) % {"date": calibration.as_of.isoformat()}
            portfolio = dataclasses.replace(portfolio, notes=(*portfolio.notes, note))
        return forecast_risk(portfolio, calibration, trials, seed)

    return _cached("risk", edition, (trials, seed), compute)


def risk_backtest(
    edition: str | None = None,
    trials: int = 10_000,
    seed: int = 0,
    cutoff: dt.date | None = None,
) -> BacktestReport:
    """Return the back-test: calibrated as of an edition, scored on what followed."""

    def compute() -> BacktestReport:
        history = plan_history()
        code = edition or DEFAULT_BACKTEST_EDITION
        if code not in history.editions:
            from ger.analysis.adapters import find_edition

            # The history holds each edition's current issue: a corrected one is
            # back-tested through its re-issue.
            code = find_edition(code).latest_issue().code
        if code not in history.editions:
            raise ValueError(
                _("edition %(code)s states no dated plan") % {"code": code}
            )
        return backtest(history, code, trials, seed, cutoff)

    return _cached("backtest", edition, (trials, seed, cutoff), compute)


def _outlook_basis(
    trials: int, load: Callable[[], Portfolio] | None = None
) -> OutlookBasis:
    """Return what every mission's outlook shares, computed once per generation.

    ``load`` loads the current plan when the basis is not kept already.
    """

    def compute() -> OutlookBasis:
        live = (load or kept_portfolio)()
        graph = build_graph(live)
        report: RiskReport | None
        try:
            calibration = _calibration(lambda: live)
            report = forecast_risk(live, calibration, trials, seed=0, graph=graph)
        except CalibrationError:
            report = None
        return outlook_basis(SlipGraph.of(graph), report)

    return _cached("outlook-basis", None, (trials,), compute, translated=False)


def mission_outlook(
    slug: str,
    slip_months: float = 12,
    trials: int = OUTLOOK_TRIALS,
    load: Callable[[], Portfolio] | None = None,
) -> MissionOutlook:
    """Return a mission's forecast and the missions its slip would push later.

    The fleet's forecast and the schedule graph are shared by every mission and
    computed once per plan generation; each mission's outlook is then kept too.
    """
    return _cached(
        "mission-outlook",
        None,
        (slug, slip_months, trials),
        lambda: _outlook_basis(trials, load).outlook(slug, slip_months),
        translated=False,
    )


def proximity(
    edition: str | None = None,
    threshold_km: float = DEFAULT_THRESHOLD_KM,
    surface_months: float = DEFAULT_SURFACE_MONTHS,
) -> ProximityReport:
    """Return landing sites closer than the threshold, flagged when in time together."""
    return _cached(
        "proximity",
        edition,
        (threshold_km, surface_months),
        lambda: landing_site_proximity(
            kept_portfolio(edition), threshold_km, surface_months
        ),
    )


def _forecast_inputs(live: Portfolio) -> tuple[list[Case], GrowthModel | None]:
    found = cases(plan_statements(live), live.items, live.dependencies, live.as_of)
    return found, fit_or_none(found)


def cross_validation(
    inputs: Callable[[], tuple[Portfolio, list[Case]]] | None = None,
) -> CrossValidation:
    """Return the cross-validated scores of the model and both baselines.

    ``inputs`` loads the live plan and its cases when the result is not kept.
    """

    def load() -> tuple[Portfolio, list[Case]]:
        live = kept_portfolio()
        return live, _forecast_inputs(live)[0]

    def compute() -> CrossValidation:
        live, found = (inputs or load)()
        # It reads only the statements and the day: a change elsewhere in the plan
        # (a name, a partner) does not do its fits again.
        content = hashlib.sha256(repr((live.as_of, found)).encode()).hexdigest()
        key = f"ger:cross-validation:{content}"
        kept: CrossValidation | None = django_cache.get(key)
        if kept is None:
            kept = cross_validate(found, live.as_of)
            django_cache.set(key, kept, KEPT_SECONDS)
        return kept

    return _cached("cross-validation", None, (), compute, translated=False)


def forecasts(load: Callable[[], Portfolio] | None = None) -> ForecastReport:
    """Return the forecasts the portal publishes, with the verdict per class.

    ``load`` loads the current plan when the report is not kept already.
    """

    def compute() -> ForecastReport:
        live = (load or kept_portfolio)()
        found, model = _forecast_inputs(live)
        landings = [
            item.slug
            for item in live.items
            if item.crewed and item.lands and not item.has_flown and item.planned
        ]
        validation = cross_validation(lambda: (live, found))
        return publish(live, found, model, validation, landings)

    return _cached("forecasts", None, (), compute, translated=False)


def mission_forecast(slug: str) -> PublishedForecast | None:
    """Return the published forecast of one mission still to fly, or None."""
    return forecasts().mission(slug)


def mission_panel(slug: str) -> tuple[MissionOutlook, PublishedForecast | None]:
    """Return a mission's outlook and published forecast, loading the plan once."""
    load = cache(kept_portfolio)
    return mission_outlook(slug, load=load), forecasts(load).mission(slug)
