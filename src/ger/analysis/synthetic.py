"""Plausible synthetic plans of any size, for benchmarks and ``ger synth``.

Everything is drawn from a seeded generator, so the same arguments give the same
data. Launches follow a known slip model (``TRUE_SLIP``), which lets tests check
that the calibration recovers it. Dependencies only point from an earlier-planned
mission to a later one, so the graph is always a DAG.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ger.analysis.model import (
    Dependency,
    History,
    ObjectiveInfo,
    ObjectiveLink,
    PlanItem,
    PlanRecord,
    Portfolio,
    Site,
    Window,
)
from ger.plandates import PlanDate, Precision

DESTINATIONS = (
    # slug, path from the root, weight
    ("lunar-south-pole", ("lunar-surface", "lunar-south-pole"), 0.28),
    ("lunar-near-side", ("lunar-surface", "lunar-near-side"), 0.12),
    ("lunar-far-side", ("lunar-surface", "lunar-far-side"), 0.07),
    ("lunar-surface", ("lunar-surface",), 0.05),
    ("lunar-orbit", ("lunar-orbit",), 0.2),
    ("nrho", ("cislunar", "nrho"), 0.1),
    ("earth-moon-l2", ("cislunar", "earth-moon-l2"), 0.04),
    ("leo", ("earth-orbit", "leo"), 0.06),
    ("mars-orbit", ("mars-orbit",), 0.05),
    ("mars-surface", ("mars-surface",), 0.03),
)
# The capability codes of the bundled data set.
CAPABILITIES = [
    "relay_communications",
    "navigation_experiment",
    "radiation_monitoring",
    "resource_mapping",
    "sample_return",
    "far_side_operations",
    "precision_landing",
    "polar_landing",
    "psr_hopper_mobility",
    "water_ice_detection",
    "isru_demonstration",
    "nrho_operations",
    "autonomous_navigation",
    "power_and_propulsion",
    "habitation",
    "docking_hub",
    "docking_ports",
    "crewed_landing",
    "in_orbit_propellant_transfer",
    "pressurized_mobility",
    "psr_imaging",
    "site_scouting",
    "water_ice_prospecting",
    "drilling",
    "lunar_night_survival",
    "soft_landing_demonstration",
    "polar_region_soft_landing",
    "rover_operations",
]
KINDS = ("science", "technology_demonstration", "infrastructure", "logistics")
DEPENDENCY_KINDS = (
    "relay_communications",
    "precursor_pathfinder",
    "hardware_element",
    "data_site_scouting",
    "hardware_heritage",
)
PRECISIONS = (Precision.YEAR, Precision.QUARTER, Precision.MONTH, Precision.DAY)
OBJECTIVES = 30
AS_OF = dt.date(2026, 11, 26)


@dataclass(frozen=True)
class SlipModel:
    """On time with probability ``on_time``, else LogNormal(mu, sigma) months late."""

    on_time: float = 0.35
    mu: float = 2.3
    sigma: float = 0.9


TRUE_SLIP = SlipModel()


def agency_codes(count: int) -> list[str]:
    return [f"SYN{number:03d}" for number in range(1, count + 1)]


def objective_codes() -> list[str]:
    return [f"SYN-O{number:02d}" for number in range(1, OBJECTIVES + 1)]


def _window(year: int, precision: Precision, month: int, day: int) -> Window:
    if precision == Precision.YEAR:
        date = PlanDate(dt.date(year, 1, 1), precision)
    elif precision == Precision.QUARTER:
        date = PlanDate(dt.date(year, 3 * ((month - 1) // 3) + 1, 1), precision)
    elif precision == Precision.MONTH:
        date = PlanDate(dt.date(year, month, 1), precision)
    else:
        date = PlanDate(dt.date(year, month, day), precision)
    return Window.from_plan_date(date)


def _unique(pool: list[str], picks: list[int], count: int) -> tuple[str, ...]:
    """Return up to ``count`` distinct names of ``pool`` at the drawn positions."""
    return tuple(dict.fromkeys(pool[index] for index in picks[:count]))


def synthetic_portfolio(
    missions: int,
    agencies: int = 30,
    seed: int = 0,
    as_of: dt.date = AS_OF,
    model: SlipModel = TRUE_SLIP,
) -> Portfolio:
    """Return ``missions`` plausible missions of ``agencies`` agencies."""
    rng = np.random.default_rng(seed)
    n = missions
    codes = agency_codes(agencies)
    objectives = objective_codes()
    # A few big agencies and many small ones, as in the real group.
    weights = 1.0 / np.arange(1, agencies + 1) ** 0.8
    weights /= weights.sum()
    destination_weights = np.array([weight for *_rest, weight in DESTINATIONS])
    destination_weights /= destination_weights.sum()
    # Every column is drawn in bulk: one call per column, not one per mission.
    draws = {
        "year": np.sort(rng.integers(as_of.year - 12, as_of.year + 20, size=n)),
        "destination": rng.choice(len(DESTINATIONS), size=n, p=destination_weights),
        "lead": rng.choice(agencies, size=n, p=weights),
        "precision": rng.choice(4, size=n, p=(0.4, 0.2, 0.25, 0.15)),
        "month": rng.integers(1, 13, size=n),
        "day": rng.integers(1, 29, size=n),
        "partners": np.minimum(rng.poisson(0.8, size=n), agencies - 1),
        "partner": rng.integers(0, agencies, size=(n, 4)),
        "objectives": rng.poisson(0.6, size=n) % 3,
        "objective": rng.integers(0, len(objectives), size=(n, 2)),
        "editorial": rng.random((n, 2)) < 0.3,
        "provides": rng.integers(1, 4, size=n),
        "provided": rng.integers(0, len(CAPABILITIES), size=(n, 3)),
        "needs": np.where(rng.random(n) < 0.3, rng.integers(1, 3, size=n), 0),
        "needed": rng.integers(0, len(CAPABILITIES), size=(n, 2)),
        "on_time": rng.random(n) < model.on_time,
        "within": rng.random(n),
        "late": np.exp(model.mu + model.sigma * rng.standard_normal(n)),
        "cancelled": rng.random(n) < 0.02,
        "crewed": rng.random(n) < 0.04,
        "site": rng.random(n) < 0.8,
        "polar": rng.random(n) < 0.2,
        "latitude": rng.random(n),
        "longitude": rng.uniform(-180, 180, size=n),
        "duration": rng.integers(14, 720, size=n),
    }
    columns = {name: values.tolist() for name, values in draws.items()}
    items = [_item(number, columns, codes, objectives, as_of) for number in range(n)]
    return Portfolio(
        label=f"synthetic: {missions} missions, {agencies} agencies, seed {seed}",
        as_of=as_of,
        items=tuple(items),
        dependencies=tuple(_dependencies(rng, items)),
        objectives=tuple(
            ObjectiveInfo(code, f"Synthetic objective {code[-2:]}")
            for code in objectives
        ),
        agency_names={code: f"Synthetic agency {code[3:]}" for code in codes},
    )


def _item(
    number: int,
    columns: dict[str, list[Any]],
    codes: list[str],
    objectives: list[str],
    as_of: dt.date,
) -> PlanItem:
    """Return mission ``number`` from the bulk-drawn columns."""

    def column(name: str) -> Any:
        return columns[name][number]

    destination, path, _weight = DESTINATIONS[column("destination")]
    lead = codes[column("lead")]
    window = _window(
        column("year"), PRECISIONS[column("precision")], column("month"), column("day")
    )
    cancelled = column("cancelled")
    launch = _launch_day(window, column)
    launched = Window.day(launch) if launch <= as_of and not cancelled else None
    lands = "lunar-surface" in path or "mars-surface" in path
    crewed = column("crewed")
    site = None
    if "lunar-surface" in path and column("site"):
        site = _site(number, destination, column, launched is not None)
    partners = tuple(
        code
        for code in _unique(codes, column("partner"), column("partners") + 1)
        if code != lead
    )[: column("partners")]
    links = _unique(objectives, column("objective"), column("objectives"))
    return PlanItem(
        slug=f"syn-{number:06d}",
        name=f"Synthetic mission {number}",
        lead=lead,
        partners=partners,
        destination=destination,
        destination_path=path,
        crewed=crewed,
        kind="human_exploration" if crewed else KINDS[number % len(KINDS)],
        status="cancelled" if cancelled else ("succeeded" if launched else "planned"),
        planned=window,
        launched=launched,
        duration_days=column("duration") if lands else None,
        objectives=tuple(
            ObjectiveLink(code, "editorial" if column("editorial")[index] else "stated")
            for index, code in enumerate(links)
        ),
        provides=_unique(CAPABILITIES, column("provided"), column("provides")),
        needs=_unique(CAPABILITIES, column("needed"), column("needs")),
        site=site,
    )


def _launch_day(window: Window, column: Callable[[str], Any]) -> dt.date:
    """Return the launch day drawn: within the window when on time, else after it."""
    if column("on_time"):
        span = (window.end - window.start).days
        return window.start + dt.timedelta(days=int(column("within") * (span + 1)))
    return window.end + dt.timedelta(days=round(column("late") * 30.4375))


def _site(
    number: int, destination: str, column: Callable[[str], Any], landed: bool
) -> Site:
    """Return the drawn landing site: near the south pole, or anywhere by area."""
    if destination == "lunar-south-pole" or column("polar"):
        latitude = -90 + column("latitude") * 15
    else:
        latitude = math.degrees(math.asin(2 * column("latitude") - 1))
    return Site(
        latitude=latitude,
        longitude=column("longitude"),
        name=f"Site {number}",
        kind="actual" if landed else "planned",
    )


def _dependencies(rng: np.random.Generator, items: list[PlanItem]) -> list[Dependency]:
    """Return links from earlier-planned missions to later ones (a DAG)."""
    counts = rng.poisson(1.0, size=len(items))
    counts[0] = 0
    total = int(counts.sum())
    positions = rng.random(total).tolist()
    kinds = rng.integers(0, len(DEPENDENCY_KINDS), size=total).tolist()
    lags = rng.integers(0, 7, size=total).tolist()
    links: list[Dependency] = []
    drawn = 0
    for index, count in enumerate(counts.tolist()):
        # Upstream missions come from the few hundred planned just before.
        low = max(0, index - 300)
        chosen: dict[int, int] = {}
        for offset in range(drawn, drawn + count):
            upstream = low + int(positions[offset] * (index - low))
            chosen.setdefault(upstream, offset)
        drawn += count
        for upstream, offset in sorted(chosen.items()):
            links.append(
                Dependency(
                    upstream=items[upstream].slug,
                    downstream=items[index].slug,
                    kind=DEPENDENCY_KINDS[kinds[offset]],
                    lag_months=float(lags[offset]),
                )
            )
    return links


def synthetic_history(portfolio: Portfolio, lead_years: int = 2) -> History:
    """Return one plan record per mission, stated ``lead_years`` before its window."""
    records = tuple(
        PlanRecord(
            edition="SYN",
            stated_on=item.planned.start.replace(
                year=item.planned.start.year - lead_years
            ),
            window=item.planned,
            item=item,
        )
        for item in portfolio.items
        if item.planned is not None
    )
    return History(
        records=records,
        fleet=portfolio.items,
        dependencies=portfolio.dependencies,
        as_of=portfolio.as_of,
        editions={"SYN": portfolio.as_of},
    )
