"""What the data set covers: missions by destination (rolled up the tree), status and
the best tier of their sources.

A source's tier says how much it can be trusted, best first: an agency's own page, an
official document, the press, an encyclopedia, anything else. A mission's *best tier*
is the best of its sources' tiers; a source with no tier (or one GER does not know)
is *not graded*, and a mission with no source at all says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ger.plans.models import Destination, Mission, MissionSource

# Best first.
TIERS = ("agency", "official_document", "press", "encyclopedia", "other")
NOT_GRADED = "not_graded"
NO_SOURCE = "no_source"
TIER_LABELS: dict[str, Promise] = {
    "agency": _("agency"),
    "official_document": _("official document"),
    "press": _("press"),
    "encyclopedia": _("encyclopedia"),
    "other": _("other source"),
    NOT_GRADED: _("not graded"),
    NO_SOURCE: _("no source"),
}
TIER_ORDER = (*TIERS, NOT_GRADED, NO_SOURCE)


@dataclass(frozen=True)
class Tally:
    """One line of a count: its key, its label in words and how many missions."""

    key: str
    label: str
    missions: int


@dataclass(frozen=True)
class DestinationCount:
    """A destination in the tree with its missions: its own and with those below it."""

    slug: str
    name: str
    depth: int
    own: int
    total: int
    parent: str | None


def source_tier(source: MissionSource) -> str:
    """Return the source's tier, or NOT_GRADED when it has none GER knows."""
    tier = getattr(source, "tier", "") or ""
    return tier if tier in TIERS else NOT_GRADED


def best_tier(tiers: Iterable[str]) -> str:
    """Return the best of ``tiers`` (NOT_GRADED for unknown ones); NO_SOURCE if none."""
    ranks = [TIERS.index(t) if t in TIERS else len(TIERS) for t in tiers]
    if not ranks:
        return NO_SOURCE
    best = min(ranks)
    return TIERS[best] if best < len(TIERS) else NOT_GRADED


def best_source_tier(mission: Mission) -> str:
    """Return the best tier of the mission's sources (uses prefetched sources)."""
    return best_tier(source_tier(source) for source in mission.sources.all())


def _sources_have_tiers() -> bool:
    return any(field.name == "tier" for field in MissionSource._meta.concrete_fields)


def count_best_tiers(rows: Iterable[Sequence[Any]]) -> dict[str, int]:
    """Return how many missions have each best tier, from (mission, source, tier) rows.

    A row's source is None for a mission without any source; its tier is missing or
    empty for a source not graded.
    """
    tiers: dict[Any, list[str]] = defaultdict(list)
    for row in rows:
        found = tiers[row[0]]
        if row[1] is not None:
            found.append((row[2] if len(row) > 2 else "") or "")
    counted = dict.fromkeys(TIER_ORDER, 0)
    for found in tiers.values():
        counted[best_tier(found)] += 1
    return counted


def tier_counts() -> list[Tally]:
    """Return how many missions have each best tier, best first, with the ungraded."""
    # One row per mission and source (one with no source for a mission without any).
    # The tier is named through a variable: the field exists once tiers are recorded.
    tier_column: str = "sources__tier"
    columns = ["id", "sources__id"] + ([tier_column] if _sources_have_tiers() else [])
    counted = count_best_tiers(Mission.objects.order_by().values_list(*columns))
    return [Tally(key, str(TIER_LABELS[key]), counted[key]) for key in TIER_ORDER]


def status_counts() -> list[Tally]:
    """Return how many missions have each status, in the order of the statuses."""
    found = dict(
        Mission.objects.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return [
        Tally(value, str(label), found.get(value, 0))
        for value, label in Mission.Status.choices
    ]


def destination_counts() -> list[DestinationCount]:
    """Return every destination in tree order, each with its missions rolled up.

    ``own`` counts the missions to the destination itself, ``total`` those to it
    and to every destination below it; a top-level destination's total is the
    whole of its part of the roadmap.
    """
    destinations = list(
        Destination.objects.annotate(n=Count("missions")).order_by("position", "slug")
    )
    own: dict[int, int] = {d.id: d.n for d in destinations}
    by_id = {d.id: d for d in destinations}
    children: dict[int | None, list[Destination]] = defaultdict(list)
    for destination in destinations:
        parent = destination.parent_id if destination.parent_id in by_id else None
        children[parent].append(destination)
    totals: dict[int, int] = {}

    def total(destination: Destination) -> int:
        if destination.id not in totals:
            totals[destination.id] = own.get(destination.id, 0) + sum(
                total(child) for child in children[destination.id]
            )
        return totals[destination.id]

    lines: list[DestinationCount] = []

    # Only destinations reached from a top-level one are walked: a loop of parents
    # has no top-level destination, so it cannot make this recurse forever.
    def walk(destination: Destination, depth: int, parent: str | None) -> None:
        lines.append(
            DestinationCount(
                slug=destination.slug,
                name=destination.name,
                depth=depth,
                own=own.get(destination.id, 0),
                total=total(destination),
                parent=parent,
            )
        )
        for child in children[destination.id]:
            walk(child, depth + 1, destination.slug)

    for root in children[None]:
        walk(root, 0, None)
    return lines


def top_level_counts() -> list[DestinationCount]:
    """Return the top-level destinations with every mission below each."""
    return [line for line in destination_counts() if line.depth == 0]
