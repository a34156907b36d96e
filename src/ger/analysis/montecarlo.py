"""Schedule-risk forecast: Monte Carlo over the dependency graph, vectorised.

Each trial draws every unlaunched mission's own launch from its class's calibrated
slip (on time: anywhere in its window; late: the window's end plus a log-normal
delay), given that it had not launched by the portfolio's date, then pushes it
later wherever an upstream mission plus its lag requires.
Launched missions stay at their actual date. Historical slips already include
knock-on delays, so propagating them again errs on the late side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ger.analysis.critical_path import resolve_milestone
from ger.analysis.model import Portfolio
from ger.analysis.months import month_label, month_number
from ger.analysis.normal import log_normal_sf, normal_ppf
from ger.analysis.results import Table
from ger.analysis.risk import Calibration, Novelty, vehicle_class
from ger.analysis.schedule import (
    FIRST_CREWED_LANDING,
    NO_DATE,
    ScheduleGraph,
    build_graph,
)

QUANTILES = (0.1, 0.5, 0.8, 0.9)
# The simulation holds a few (missions by trials) float32 matrices at once: trials
# are lowered so that each matrix stays within this many cells (40 MB), which is
# every trial asked for up to 1,000 missions, 1,000 trials at 10,000 missions.
TRIAL_CELLS = 10_000_000
MIN_TRIALS = 100
# A mission twenty years late is in effect cancelled; longer draws count as this.
MAX_DELAY_MONTHS = 240.0


@dataclass(frozen=True)
class Forecast:
    """The launch-date distribution of one mission or milestone."""

    slug: str
    name: str
    class_key: str
    uses: str
    window: str
    launched: bool
    quantiles: tuple[float, float, float, float]
    p_by_plan: float | None

    def as_dict(self) -> dict[str, Any]:
        p10, p50, p80, p90 = (month_label(value) for value in self.quantiles)
        return {
            "slug": self.slug,
            "name": self.name,
            "class": self.class_key,
            "uses_fit_of": self.uses,
            "planned": self.window,
            "launched": self.launched,
            "p10": p10,
            "p50": p50,
            "p80": p80,
            "p90": p90,
            "p_by_planned_date": None
            if self.p_by_plan is None
            else round(self.p_by_plan, 4),
        }


@dataclass(frozen=True)
class RiskReport:
    """Forecasts per mission and milestone, with the calibration behind them."""

    source: dict[str, Any]
    calibration: Calibration
    trials: int
    seed: int
    missions: tuple[Forecast, ...]
    milestones: tuple[Forecast, ...]
    left_out: int
    trials_requested: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "analysis": "risk",
            "source": self.source,
            "trials": self.trials,
            "trials_requested": self.trials_requested or self.trials,
            "seed": self.seed,
            "calibration": self.calibration.as_dict(),
            "missions": [forecast.as_dict() for forecast in self.missions],
            "milestones": [forecast.as_dict() for forecast in self.milestones],
            "left_out_undated": self.left_out,
            "max_delay_months": MAX_DELAY_MONTHS,
        }

    def table(self) -> Table:
        return Table(
            ("mission", "class", "planned", "p50", "p80", "p90", "p_by_planned"),
            tuple(
                (
                    row["slug"],
                    row["class"],
                    row["planned"],
                    row["p50"],
                    row["p80"],
                    row["p90"],
                    row["p_by_planned_date"],
                )
                for row in (
                    forecast.as_dict()
                    for forecast in (*self.milestones, *self.missions)
                )
            ),
        )


def simulate(
    graph: ScheduleGraph,
    on_time: NDArray[np.float64],
    mu: NDArray[np.float64],
    sigma: NDArray[np.float64],
    trials: int,
    seed: int,
    now: float = NO_DATE,
) -> NDArray[np.float32]:
    """Return launch month numbers, one row per mission and one column per trial.

    Missions not launched by ``now`` (a month number) launch after it: an open
    window keeps only its remaining part, and a passed window's delay is drawn
    from the log-normal beyond the time already elapsed.
    """
    rng = np.random.default_rng(seed)
    count = len(graph.items)
    start = np.asarray(graph.start, dtype=np.float64)
    end = np.asarray(graph.end, dtype=np.float64)
    fixed = np.asarray(graph.fixed, dtype=bool)
    dated = start != NO_DATE
    drawn = np.flatnonzero(dated & ~fixed)
    launches = np.full((count, trials), NO_DATE, dtype=np.float32)
    launches[fixed & dated] = start[fixed & dated][:, None]
    if len(drawn):
        # "NLT 2030" bounds the launch from above only: on time means by its end.
        open_start = np.asarray(graph.open_start, dtype=bool)[drawn] & (now != NO_DATE)
        lowest = np.where(open_start, np.minimum(now, end[drawn]), start[drawn])
        launches[drawn] = _draw(
            rng,
            lowest,
            end[drawn],
            on_time[drawn],
            mu[drawn],
            sigma[drawn],
            trials,
            now,
        )
    for node in graph.order:
        if fixed[node] or not graph.upstream[node]:
            continue
        row = launches[node]
        for up, lag in graph.upstream[node]:
            np.maximum(row, launches[up] + np.float32(lag), out=row)
    return launches


def _draw(
    rng: np.random.Generator,
    start: NDArray[np.float64],
    end: NDArray[np.float64],
    on_time: NDArray[np.float64],
    mu: NDArray[np.float64],
    sigma: NDArray[np.float64],
    trials: int,
    now: float,
) -> NDArray[np.float32]:
    """Return each mission's own launch draws, given it had not launched by ``now``."""
    lower = np.maximum(start, now)
    span = end - start
    left = np.where(
        span > 0, np.clip((end - lower) / np.where(span > 0, span, 1), 0, 1), 1.0
    )
    left = np.where(now >= end, 0.0, left)
    # P(on time | not launched yet) rescales the on-time share by the window left.
    p_on = on_time * left / np.maximum(on_time * left + 1 - on_time, 1e-12)
    uniform = rng.random((len(start), trials), dtype=np.float32)
    normal = rng.standard_normal((len(start), trials), dtype=np.float32)
    overdue = np.flatnonzero(now > end)
    if len(overdue):
        # Late by more than the time elapsed: the log-normal's tail beyond it.
        elapsed = np.log(now - end[overdue])
        tail = np.exp(log_normal_sf((elapsed - mu[overdue]) / sigma[overdue]))
        share = rng.random((len(overdue), trials)) * tail[:, None]
        normal[overdue] = -normal_ppf(share)
    p32 = p_on.astype(np.float32)[:, None]
    late = np.minimum(
        np.exp(
            mu.astype(np.float32)[:, None] + sigma.astype(np.float32)[:, None] * normal
        ),
        np.float32(MAX_DELAY_MONTHS),
    )
    # float32 keeps 10,000 trials of 1,000 missions at 40 MB a matrix; it still
    # resolves month numbers (about 24,000) to a fraction of a day.
    within = lower.astype(np.float32)[:, None] + (end - lower).astype(np.float32)[
        :, None
    ] * (uniform / np.maximum(p32, np.float32(1e-9)))
    drawn: NDArray[np.float32] = np.where(
        uniform < p32, within, end.astype(np.float32)[:, None] + late
    )
    return drawn


def forecast_risk(
    portfolio: Portfolio,
    calibration: Calibration,
    trials: int = 10_000,
    seed: int = 0,
    milestones: tuple[str, ...] = (FIRST_CREWED_LANDING,),
    graph: ScheduleGraph | None = None,
) -> RiskReport:
    """Return P10/P50/P80/P90 launch dates and P(launch by plan) per mission.

    ``graph``, when given, is the portfolio's schedule graph already built. The
    trials run are ``trials`` or fewer, down to ``MIN_TRIALS``: see ``TRIAL_CELLS``.
    """
    graph = build_graph(portfolio) if graph is None else graph
    count = len(graph.items)
    requested = trials
    trials = max(MIN_TRIALS, min(trials, TRIAL_CELLS // max(count, 1)))
    on_time, mu, sigma, classes = _class_fits(graph, portfolio, calibration)
    now = month_number(portfolio.as_of)
    launches = simulate(graph, on_time, mu, sigma, trials, seed, now)
    reachable = np.flatnonzero(launches[:, 0] != NO_DATE)
    values = np.quantile(launches[reachable], QUANTILES, axis=1).T
    ends = np.asarray(graph.end, dtype=np.float32)
    on_plan = (launches[reachable] <= ends[reachable][:, None]).mean(axis=1)
    rows = [
        _row(graph, int(node), classes[int(node)], values[position], on_plan[position])
        for position, node in enumerate(reachable.tolist())
    ]
    return RiskReport(
        source=portfolio.describe(),
        calibration=calibration,
        trials=trials,
        seed=seed,
        missions=tuple(rows),
        milestones=tuple(
            forecast
            for name in milestones
            if (forecast := _milestone(graph, launches, name)) is not None
        ),
        left_out=count - len(reachable),
        trials_requested=requested,
    )


def _class_fits(
    graph: ScheduleGraph, portfolio: Portfolio, calibration: Calibration
) -> tuple[NDArray[Any], NDArray[Any], NDArray[Any], list[tuple[str, str]]]:
    """Return each mission's on-time share, slip fit and class (with what it uses)."""
    novelty = Novelty(portfolio.items, portfolio.dependencies)
    count = len(graph.items)
    on_time, mu, sigma = np.zeros(count), np.zeros(count), np.ones(count)
    classes: list[tuple[str, str]] = []
    for node, item in enumerate(graph.items):
        key = f"{vehicle_class(item)}/{novelty.of(item, portfolio.as_of)}"
        entry = calibration.for_class(*key.split("/"))
        on_time[node], mu[node], sigma[node] = (
            entry.fit.on_time,
            entry.fit.mu,
            entry.fit.sigma,
        )
        classes.append((key, entry.uses))
    return on_time, mu, sigma, classes


def _row(
    graph: ScheduleGraph,
    node: int,
    found_class: tuple[str, str],
    values: NDArray[Any],
    on_plan: float,
) -> Forecast:
    item = graph.items[node]
    planned = graph.start[node] != NO_DATE and not graph.fixed[node]
    return Forecast(
        slug=item.slug,
        name=item.name,
        class_key=found_class[0],
        uses=found_class[1],
        window=item.window.label if item.window else "",
        launched=graph.fixed[node],
        quantiles=_four(values),
        p_by_plan=float(on_plan) if planned else None,
    )


def _four(values: NDArray[Any]) -> tuple[float, float, float, float]:
    return (float(values[0]), float(values[1]), float(values[2]), float(values[3]))


def _milestone(
    graph: ScheduleGraph, launches: NDArray[np.float32], name: str
) -> Forecast | None:
    nodes = [node for node in resolve_milestone(graph, name) if not graph.fixed[node]]
    if not nodes:
        return None
    first = launches[nodes].min(axis=0)
    ends = [graph.end[node] for node in nodes if graph.end[node] != NO_DATE]
    planned = [graph.items[node] for node in nodes]
    return Forecast(
        slug=name,
        name=", ".join(item.name for item in planned[:5]),
        class_key="milestone",
        uses="",
        window=month_label(min(graph.earliest[node] for node in nodes)),
        launched=False,
        quantiles=_four(np.quantile(first, QUANTILES)),
        p_by_plan=float((first <= min(ends)).mean()) if ends else None,
    )
