"""What the data set covers: missions by destination (rolled up the tree), status and
the best tier of their sources.

A source's tier says how much it can be trusted, best first: an agency's own page, an
official document, the press, an encyclopedia, anything else. A mission's *best tier*
is the best of its sources' tiers; a source with no tier (or one GER does not know)
is *not graded*, and a mission with no source at all says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, Value, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ger.plans.models import Destination, Mission, MissionSource
from ger.plans.sources import TIER_ORDER as STANDINGS
from ger.plans.sources import SourceTier

# Best first: the standings of ger.plans.sources.
TIERS = tuple(STANDINGS)
NOT_GRADED = "not_graded"
NO_SOURCE = "no_source"
TIER_LABELS: dict[str, Promise] = {
    **{tier.value: tier.label for tier in SourceTier},
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


def _source_rank(tier_field: str) -> Case | Value:
    """Return a source's tier as its rank: 0 for the best, len(TIERS) if not graded.

    Every source is not graded while MissionSource has no such field.
    """
    if not any(f.name == tier_field for f in MissionSource._meta.concrete_fields):
        return Value(len(TIERS))
    ranks = (When(**{tier_field: t}, then=Value(r)) for r, t in enumerate(TIERS))
    return Case(*ranks, default=Value(len(TIERS)), output_field=IntegerField())


def tier_counts(tier_field: str = "tier") -> list[Tally]:
    """Return how many missions have each best tier, best first, with the ungraded.

    One counting query: each mission's best rank is that of its best source (none
    without a source), and the missions are counted by it. ``tier_field`` names the
    sources' tier field (another text field in tests).
    """
    best = (
        MissionSource.objects.filter(mission=OuterRef("pk"))
        .annotate(rank=_source_rank(tier_field))
        .order_by("rank")
        .values("rank")[:1]
    )
    rows = (
        Mission.objects.order_by()
        .annotate(best=Subquery(best, output_field=IntegerField()))
        .values("best")
        .annotate(n=Count("id"))
        .values_list("best", "n")
    )
    counted = dict.fromkeys(TIER_ORDER, 0)
    for rank, n in rows:
        if rank is None:
            counted[NO_SOURCE] += n
        else:
            counted[TIERS[rank] if rank < len(TIERS) else NOT_GRADED] += n
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
