"""Landing-site proximity: pairs of lunar sites closer than a threshold.

Distances are great-circle (haversine) on a sphere of the Moon's mean radius. A
close pair is flagged for coordination when the two missions' surface periods
overlap: from launch to the recorded end, or for ``surface_months`` after the
launch window when no end is known.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ger.analysis.model import PlanItem, Portfolio
from ger.analysis.months import month_label, month_number
from ger.analysis.results import Table

MOON_RADIUS_KM = 1737.4
DEFAULT_THRESHOLD_KM = 100.0
DEFAULT_SURFACE_MONTHS = 12.0
CHUNK = 256
MAP_LATITUDE = -60.0
KM_PER_DEGREE = 2 * math.pi * MOON_RADIUS_KM / 360


def great_circle_km(
    latitude_a: float,
    longitude_a: float,
    latitude_b: float,
    longitude_b: float,
    radius_km: float = MOON_RADIUS_KM,
) -> float:
    """Return the great-circle distance between two points in degrees."""
    phi_a, phi_b = math.radians(latitude_a), math.radians(latitude_b)
    half_dphi = (phi_b - phi_a) / 2
    half_dlambda = math.radians(longitude_b - longitude_a) / 2
    h = (
        math.sin(half_dphi) ** 2
        + math.cos(phi_a) * math.cos(phi_b) * math.sin(half_dlambda) ** 2
    )
    return 2 * radius_km * math.asin(min(1.0, math.sqrt(h)))


def _distances(
    phi_a: NDArray[np.float64],
    lam_a: NDArray[np.float64],
    phi_b: NDArray[np.float64],
    lam_b: NDArray[np.float64],
) -> NDArray[np.float64]:
    h = (
        np.sin((phi_b[None, :] - phi_a[:, None]) / 2) ** 2
        + np.cos(phi_a[:, None])
        * np.cos(phi_b[None, :])
        * np.sin((lam_b[None, :] - lam_a[:, None]) / 2) ** 2
    )
    result: NDArray[np.float64] = (
        2 * MOON_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    )
    return result


@dataclass(frozen=True)
class SiteEntry:
    """A mission's landing site and the period it is on the surface."""

    slug: str
    name: str
    lead: str
    latitude: float
    longitude: float
    site_name: str
    kind: str
    uncertain: bool
    start: float | None
    end: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "lead": self.lead,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "site": self.site_name,
            "kind": self.kind,
            "uncertain": self.uncertain,
            "from": None if self.start is None else month_label(self.start),
            "to": None if self.end is None else month_label(self.end),
        }


@dataclass(frozen=True)
class ClosePair:
    """Two sites closer than the threshold, and whether their periods overlap."""

    first: SiteEntry
    second: SiteEntry
    distance_km: float
    overlapping: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "first": self.first.slug,
            "second": self.second.slug,
            "distance_km": round(self.distance_km, 1),
            "overlapping_in_time": self.overlapping,
            "flagged": self.overlapping,
            "reference_site": "reference" in (self.first.kind, self.second.kind),
        }


@dataclass(frozen=True)
class ProximityReport:
    """Close pairs of landing sites among the portfolio's missions."""

    source: dict[str, Any]
    threshold_km: float
    surface_months: float
    sites: tuple[SiteEntry, ...]
    pairs: tuple[ClosePair, ...]
    close_count: int
    flagged_count: int

    @property
    def flagged(self) -> tuple[ClosePair, ...]:
        return tuple(pair for pair in self.pairs if pair.overlapping)

    def as_dict(self) -> dict[str, Any]:
        return {
            "analysis": "proximity",
            "source": self.source,
            "threshold_km": self.threshold_km,
            "moon_radius_km": MOON_RADIUS_KM,
            "surface_months_when_no_end": self.surface_months,
            "sites": [site.as_dict() for site in self.sites],
            "pairs": [pair.as_dict() for pair in self.pairs],
            "close_pairs": self.close_count,
            "listed": len(self.pairs),
            "flagged": self.flagged_count,
        }

    def table(self) -> Table:
        return Table(
            ("first", "second", "distance_km", "overlapping_in_time", "kinds"),
            tuple(
                (
                    pair.first.slug,
                    pair.second.slug,
                    round(pair.distance_km, 1),
                    pair.overlapping,
                    f"{pair.first.kind}/{pair.second.kind}",
                )
                for pair in self.pairs
            ),
        )

    def south_pole_map(self, size: float = 400.0) -> list[dict[str, Any]]:
        """Return sites south of 60°S placed on a polar azimuthal map of ``size``."""
        scale = (size / 2 - 10) / (90 + MAP_LATITUDE)
        points = []
        for site in self.sites:
            if site.latitude > MAP_LATITUDE:
                continue
            radius = (90 + site.latitude) * scale
            angle = math.radians(site.longitude)
            points.append(
                {
                    "slug": site.slug,
                    "name": site.name,
                    "x": round(size / 2 + radius * math.sin(angle), 1),
                    "y": round(size / 2 - radius * math.cos(angle), 1),
                    "kind": site.kind,
                    "circle": round(self.threshold_km / KM_PER_DEGREE * scale, 1),
                }
            )
        return points


# Destinations on or around the Moon: a landing site elsewhere (Mars) is on
# another body, and its coordinates are not selenographic.
LUNAR_DESTINATIONS = frozenset({"moon", "lunar-surface", "lunar-orbit"})


def on_the_moon(item: PlanItem) -> bool:
    """Return whether the mission's destination is the Moon or below it."""
    return bool(LUNAR_DESTINATIONS & {item.destination, *item.destination_path})


def _site_entry(item: PlanItem, surface_months: float) -> SiteEntry | None:
    site = item.site
    if site is None or not on_the_moon(item):
        return None
    window = item.window
    start = None if window is None else window.start_month
    if item.ended is not None:
        end: float | None = month_number(item.ended)
    elif window is None:
        end = None
    elif item.duration_days:
        end = window.end_month + item.duration_days / 30.4375
    else:
        end = window.end_month + surface_months
    return SiteEntry(
        slug=item.slug,
        name=item.name,
        lead=item.lead,
        latitude=site.latitude,
        longitude=site.longitude,
        site_name=site.name,
        kind=site.kind,
        uncertain=site.uncertain,
        start=start,
        end=end,
    )


def landing_site_proximity(
    portfolio: Portfolio,
    threshold_km: float = DEFAULT_THRESHOLD_KM,
    surface_months: float = DEFAULT_SURFACE_MONTHS,
    limit: int = 500,
) -> ProximityReport:
    """Return pairs of landing sites within ``threshold_km`` of each other."""
    sites = [
        entry
        for item in portfolio.items
        if not item.is_cancelled
        and (entry := _site_entry(item, surface_months)) is not None
    ]
    found = close_pairs(
        np.array([site.latitude for site in sites], dtype=float),
        np.array([site.longitude for site in sites], dtype=float),
        np.array([_or_nan(site.start) for site in sites], dtype=float),
        np.array([_or_nan(site.end) for site in sites], dtype=float),
        threshold_km,
        limit,
    )
    return ProximityReport(
        source=portfolio.describe(),
        threshold_km=threshold_km,
        surface_months=surface_months,
        sites=tuple(sites),
        pairs=tuple(
            ClosePair(sites[a], sites[b], distance, overlapping)
            for a, b, distance, overlapping in found.pairs
        ),
        close_count=found.close,
        flagged_count=found.flagged,
    )


def _or_nan(value: float | None) -> float:
    return math.nan if value is None else value


@dataclass(frozen=True)
class PairSearch:
    """The nearest close pairs (flagged first) and how many there are in all."""

    pairs: list[tuple[int, int, float, bool]]
    close: int
    flagged: int


def close_pairs(
    latitudes: NDArray[np.float64],
    longitudes: NDArray[np.float64],
    starts: NDArray[np.float64],
    ends: NDArray[np.float64],
    threshold_km: float,
    limit: int,
) -> PairSearch:
    """Return the pairs of sites closer than ``threshold_km``, flagged first."""
    if len(latitudes) < 2:
        return PairSearch([], 0, 0)
    # Sort by latitude: a pair within the threshold differs in latitude by at
    # most the threshold's angle, so each row is compared with a band only.
    order = np.argsort(latitudes, kind="stable")
    phi, lam = np.radians(latitudes[order]), np.radians(longitudes[order])
    start, end = starts[order], ends[order]
    reach = threshold_km / MOON_RADIUS_KM
    close = flagged = 0
    kept: list[tuple[NDArray[Any], ...]] = []
    for begin in range(0, len(phi), CHUNK):
        stop = min(begin + CHUNK, len(phi))
        last = int(np.searchsorted(phi, phi[stop - 1] + reach, side="right"))
        block = _distances(
            phi[begin:stop], lam[begin:stop], phi[begin:last], lam[begin:last]
        )
        rows, columns = np.nonzero(block <= threshold_km)
        i, j = rows + begin, columns + begin
        later = j > i
        i, j = i[later], j[later]
        distance = block[rows[later], columns[later]]
        # NaN (an unknown period) compares false, so it never overlaps.
        overlapping = (start[i] <= end[j]) & (start[j] <= end[i])
        close += len(i)
        flagged += int(overlapping.sum())
        kept.append(_nearest(i, j, distance, overlapping, limit))
    i, j, distance, overlapping = (
        np.concatenate(part) for part in zip(*kept, strict=True)
    )
    chosen = np.lexsort((distance, ~overlapping))[:limit]
    pairs = []
    for index in chosen.tolist():
        a, b = int(order[i[index]]), int(order[j[index]])
        pairs.append(
            (min(a, b), max(a, b), float(distance[index]), bool(overlapping[index]))
        )
    return PairSearch(pairs, close, flagged)


def _nearest(
    i: NDArray[Any],
    j: NDArray[Any],
    distance: NDArray[np.float64],
    overlapping: NDArray[np.bool_],
    limit: int,
) -> tuple[NDArray[Any], ...]:
    """Return at most ``limit`` flagged and ``limit`` other pairs, the nearest."""
    keep = []
    for mask in (overlapping, ~overlapping):
        index = np.flatnonzero(mask)
        if len(index) > limit:
            index = index[np.argpartition(distance[index], limit - 1)[:limit]]
        keep.append(index)
    chosen = np.concatenate(keep)
    return i[chosen], j[chosen], distance[chosen], overlapping[chosen]
