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
from django.utils.translation import gettext as _

from ger.analysis.model import Dependency, PlanItem, Portfolio
from ger.analysis.months import month_label, month_number
from ger.analysis.results import Table
from ger.analysis.site_search import MOON_RADIUS_KM, close_pairs

# Dependencies that put two missions on one piece of hardware: a rover carried by
# its lander, or two payloads delivered together, land at one site.
ONE_SITE_KINDS = frozenset({"hardware_element", "launch_co_manifest"})
DEFAULT_THRESHOLD_KM = 100.0
DEFAULT_SURFACE_MONTHS = 12.0
MAP_LATITUDE = -60.0
KM_PER_DEGREE = 2 * math.pi * MOON_RADIUS_KM / 360


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
    """Two sites closer than the threshold, and whether their periods overlap.

    ``one_site`` names the dependency kind that puts both missions on one piece of
    hardware (a rover and its lander): such a pair is one site, not a warning.
    """

    first: SiteEntry
    second: SiteEntry
    distance_km: float
    overlapping: bool
    one_site: str = ""

    @property
    def flagged(self) -> bool:
        return self.overlapping and not self.one_site

    @property
    def together(self) -> tuple[float, float] | None:
        """Return the months both are on the surface, when both periods are known."""
        if not self.overlapping:
            return None
        starts = (self.first.start, self.second.start)
        ends = (self.first.end, self.second.end)
        if None in starts or None in ends:
            return None
        return max(s for s in starts if s is not None), min(
            e for e in ends if e is not None
        )

    @property
    def reason(self) -> str:
        """Return, in words, why the pair is or is not a coordination warning."""
        if self.one_site:
            return _(
                "One site: %(first)s and %(second)s fly on the same hardware "
                "(%(kind)s), so they land together; not a coordination warning."
            ) % {
                "first": self.first.name,
                "second": self.second.name,
                "kind": self.one_site.replace("_", " "),
            }
        if not self.overlapping:
            return _(
                "%(distance)s km apart, but not on the surface at the same time."
            ) % {"distance": f"{self.distance_km:.0f}"}
        together = self.together
        period = (
            ""
            if together is None
            else _(" from %(start)s to %(end)s")
            % {"start": month_label(together[0]), "end": month_label(together[1])}
        )
        return _(
            "%(distance)s km apart and both on the surface%(period)s: landing "
            "plumes, surface traffic, radio frequencies and any shared "
            "resources need coordinating."
        ) % {"distance": f"{self.distance_km:.0f}", "period": period}

    def as_dict(self) -> dict[str, Any]:
        together = self.together
        return {
            "first": self.first.slug,
            "second": self.second.slug,
            "distance_km": round(self.distance_km, 1),
            "overlapping_in_time": self.overlapping,
            "together_from": None if together is None else month_label(together[0]),
            "together_to": None if together is None else month_label(together[1]),
            "one_site": self.one_site or None,
            "flagged": self.flagged,
            "reason": self.reason,
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
        return tuple(pair for pair in self.pairs if pair.flagged)

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
            "one_site_pairs": sum(1 for pair in self.pairs if pair.one_site),
        }

    def table(self) -> Table:
        return Table(
            (
                "first",
                "second",
                "distance_km",
                "overlapping_in_time",
                "flagged",
                "one_site",
                "kinds",
            ),
            tuple(
                (
                    pair.first.slug,
                    pair.second.slug,
                    round(pair.distance_km, 1),
                    pair.overlapping,
                    pair.flagged,
                    pair.one_site or None,
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
    hardware = one_site_links(portfolio.dependencies)
    pairs = [
        ClosePair(
            sites[a],
            sites[b],
            distance,
            overlapping,
            hardware.get(frozenset((sites[a].slug, sites[b].slug)), ""),
        )
        for a, b, distance, overlapping in found.pairs
    ]
    # Warnings first, then the nearest.
    pairs.sort(key=lambda pair: (not pair.flagged, pair.distance_km))
    joined = sum(1 for pair in pairs if pair.one_site and pair.overlapping)
    return ProximityReport(
        source=portfolio.describe(),
        threshold_km=threshold_km,
        surface_months=surface_months,
        sites=tuple(sites),
        pairs=tuple(pairs),
        close_count=found.close,
        flagged_count=found.flagged - joined,
    )


def one_site_links(links: tuple[Dependency, ...]) -> dict[frozenset[str], str]:
    """Return the pairs of missions on one piece of hardware, with the link's kind.

    Two payloads of one lander are one site too: missions joined through a chain of
    such links (rover - lander - other rover) form one group.
    """
    parent: dict[str, str] = {}

    def root(slug: str) -> str:
        while parent.get(slug, slug) != slug:
            slug = parent[slug]
        return slug

    kinds: dict[frozenset[str], str] = {}
    for link in links:
        if link.kind not in ONE_SITE_KINDS:
            continue
        kinds[frozenset((link.upstream, link.downstream))] = link.kind
        parent.setdefault(link.upstream, link.upstream)
        parent.setdefault(link.downstream, link.downstream)
        parent[root(link.upstream)] = root(link.downstream)
    groups: dict[str, list[str]] = {}
    for slug in parent:
        groups.setdefault(root(slug), []).append(slug)
    found: dict[frozenset[str], str] = {}
    for members in groups.values():
        for a in members:
            for b in members:
                if a < b:
                    pair = frozenset((a, b))
                    found[pair] = kinds.get(pair, "same_carrier")
    return found


def _or_nan(value: float | None) -> float:
    return math.nan if value is None else value
