"""Evidence that two agencies could partner, gathered from the plan in one pass each.

Kinds: destination (same destination, same year), objective (same objective with
different missions), complement (one provides a capability another needs),
dependency (one agency's mission enables another's), partnership (a joint mission).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ger.analysis.model import PlanItem, Portfolio

CAP = 5
EXAMPLES = 3
MIN_GROUP = 3

# One piece of evidence as plain values, as a result keeps it: kind, subject,
# agency, its missions, the other's missions, years, shared capabilities (both
# sorted), editorial, relation. Plain tuples: a result with tens of thousands of
# them is read back from a cache in milliseconds, objects would take a second.
FrozenEvidence = tuple[
    str,
    str,
    str,
    tuple[str, ...],
    tuple[str, ...],
    tuple[int, ...],
    tuple[str, ...],
    bool,
    str,
]


@dataclass(slots=True)
class Evidence:
    """One reason two agencies could work together."""

    kind: str
    subject: str
    first: str
    missions_first: list[str] = field(default_factory=list)
    missions_second: list[str] = field(default_factory=list)
    years: set[int] = field(default_factory=set)
    capabilities: set[str] = field(default_factory=set)
    editorial: bool = False
    relation: str = ""

    def add(self, side: list[str], slugs: Iterable[str]) -> None:
        for slug in slugs:
            if len(side) >= EXAMPLES:
                return
            if slug not in side:
                side.append(slug)

    def freeze(self) -> FrozenEvidence:
        """Return the evidence as plain values, for a result to keep."""
        return (
            self.kind,
            self.subject,
            self.first,
            tuple(self.missions_first),
            tuple(self.missions_second),
            tuple(sorted(self.years)),
            tuple(sorted(self.capabilities)),
            self.editorial,
            self.relation,
        )

    def as_dict(self) -> dict[str, Any]:
        return evidence_dict(self.freeze())


def evidence_dict(evidence: FrozenEvidence) -> dict[str, Any]:
    """Return frozen evidence as JSON-ready data."""
    kind, subject, first, mine, theirs, years, capabilities, editorial, relation = (
        evidence
    )
    return {
        "kind": kind,
        "subject": subject,
        "agency": first,
        "missions_of_agency": list(mine),
        "missions_of_other": list(theirs),
        "years": list(years),
        "shared_capabilities": list(capabilities),
        "editorial": editorial,
        "relation": relation,
    }


@dataclass(frozen=True)
class GroupOpportunity:
    """Three or more agencies planning missions to one destination in one year."""

    destination: str
    year: int
    agencies: tuple[str, ...]
    missions: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "destination": self.destination,
            "year": self.year,
            "agencies": list(self.agencies),
            "missions": list(self.missions),
        }


Pair = tuple[str, str]


class Collector:
    """Evidence gathered per pair of agencies, kind and subject, with counts."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, str, str, str, str], Evidence] = {}
        self.counts: dict[tuple[str, str, str], int] = defaultdict(int)

    def get(
        self, first: str, second: str, kind: str, subject: str, directed: bool = False
    ) -> Evidence:
        low, high = (first, second) if first < second else (second, first)
        # A directed kind keeps A→B apart from B→A (who provides to whom).
        key = (low, high, kind, subject, first if directed else "")
        found = self.found.get(key)
        if found is None:
            found = self.found[key] = Evidence(kind, subject, first)
            self.counts[(low, high, kind)] += 1
        return found

    def add_unique(
        self, first: str, second: str, kind: str, subject: str
    ) -> Evidence | None:
        """Count evidence whose subject never repeats; keep only the first CAP."""
        low, high = (first, second) if first < second else (second, first)
        self.counts[(low, high, kind)] += 1
        if self.counts[(low, high, kind)] > CAP:
            return None
        found = self.found[(low, high, kind, subject, "")] = Evidence(
            kind, subject, first
        )
        return found

    def by_pair(self) -> dict[Pair, tuple[list[Evidence], dict[str, int]]]:
        pairs: dict[Pair, tuple[list[Evidence], dict[str, int]]] = {}
        for (low, high, kind), count in self.counts.items():
            pairs.setdefault((low, high), ([], {}))[1][kind] = count
        for (low, high, *_rest), evidence in self.found.items():
            pairs[(low, high)][0].append(evidence)
        return pairs


def gather(
    portfolio: Portfolio, items: list[PlanItem]
) -> tuple[Collector, list[GroupOpportunity]]:
    """Return the evidence linking agencies, and the groups at one destination."""
    collector = Collector()
    groups = _destinations(collector, items, portfolio.as_of.year)
    _objectives(collector, items)
    _complements(collector, items)
    _dependencies(collector, portfolio)
    _partnerships(collector, items)
    return collector, groups


def _by_agency(items: Iterable[PlanItem]) -> dict[str, list[PlanItem]]:
    grouped: dict[str, list[PlanItem]] = defaultdict(list)
    for item in items:
        for code in item.agencies:
            grouped[code].append(item)
    return grouped


def _own(items: list[PlanItem], other: str) -> list[str]:
    """Return the agency's missions without ``other``, or the joint ones if none."""
    own = [item.slug for item in items if other not in item.agencies]
    return own or [item.slug for item in items]


def _distinct(first: list[PlanItem], second: list[PlanItem]) -> bool:
    """Return whether the two agencies take part through different missions."""
    return not (len(first) == 1 and len(second) == 1 and first[0] is second[0])


def _destinations(
    collector: Collector, items: list[PlanItem], from_year: int
) -> list[GroupOpportunity]:
    buckets: dict[tuple[str, int], list[PlanItem]] = defaultdict(list)
    for item in items:
        window = item.window
        if window is None or window.end.year < from_year or not item.destination:
            continue
        for year in window.years:
            buckets[(item.destination, year)].append(item)
    groups = []
    for (destination, year), members in buckets.items():
        by_agency = _by_agency(members)
        if len(by_agency) < 2:
            continue
        provides = {
            code: set().union(*(item.provides for item in agency_items))
            for code, agency_items in by_agency.items()
        }
        codes = sorted(by_agency)
        for index, first in enumerate(codes):
            for second in codes[index + 1 :]:
                if not _distinct(by_agency[first], by_agency[second]):
                    continue
                evidence = collector.get(first, second, "destination", destination)
                evidence.years.add(year)
                evidence.capabilities |= provides[first] & provides[second]
                # Examples are each side's own missions, not the ones they share.
                mine, other = (
                    (first, second) if evidence.first == first else (second, first)
                )
                if len(evidence.missions_first) < EXAMPLES:
                    evidence.add(evidence.missions_first, _own(by_agency[mine], other))
                if len(evidence.missions_second) < EXAMPLES:
                    evidence.add(evidence.missions_second, _own(by_agency[other], mine))
        if len(codes) >= MIN_GROUP and len(members) >= MIN_GROUP:
            groups.append(
                GroupOpportunity(
                    destination,
                    year,
                    tuple(codes),
                    tuple(item.slug for item in members[:10]),
                )
            )
    return groups


def _objectives(collector: Collector, items: list[PlanItem]) -> None:
    by_objective: dict[str, list[PlanItem]] = defaultdict(list)
    editorial: dict[str, bool] = defaultdict(bool)
    for item in items:
        for link in item.objectives:
            by_objective[link.code].append(item)
            editorial[link.code] |= link.editorial
    for code, members in by_objective.items():
        by_agency = _by_agency(members)
        codes = sorted(by_agency)
        for index, first in enumerate(codes):
            for second in codes[index + 1 :]:
                if not _distinct(by_agency[first], by_agency[second]):
                    continue
                evidence = collector.get(first, second, "objective", code)
                evidence.editorial = editorial[code]
                mine = _own(by_agency[first], second)
                evidence.missions_first = mine[:EXAMPLES]
                evidence.missions_second = _own(by_agency[second], first)[:EXAMPLES]


def _complements(collector: Collector, items: list[PlanItem]) -> None:
    # Per capability: each agency's earliest provider and latest mission in need.
    providers: dict[str, dict[str, tuple[int, PlanItem]]] = defaultdict(dict)
    needers: dict[str, dict[str, tuple[int, PlanItem]]] = defaultdict(dict)
    for item in items:
        if not item.provides and not item.needs:
            continue
        window = item.window
        start = 0 if window is None else window.start.toordinal()
        end = 10**7 if window is None else window.end.toordinal()
        for code in item.provides:
            known = providers[code].get(item.lead)
            if known is None or start < known[0]:
                providers[code][item.lead] = (start, item)
        for code in item.needs:
            known = needers[code].get(item.lead)
            if known is None or end > known[0]:
                needers[code][item.lead] = (end, item)
    for capability, needing in needers.items():
        offered = providers.get(capability, {})
        for needer_code, (need_end, needer) in needing.items():
            for provider_code, (offer_start, provider) in offered.items():
                # A provider that flies only after the need is over does not help.
                if provider_code == needer_code or offer_start > need_end:
                    continue
                evidence = collector.get(
                    provider_code, needer_code, "complement", capability, directed=True
                )
                evidence.missions_first = [provider.slug]
                evidence.missions_second = [needer.slug]


def _dependencies(collector: Collector, portfolio: Portfolio) -> None:
    by_slug = portfolio.by_slug
    for link in portfolio.dependencies:
        upstream, downstream = by_slug.get(link.upstream), by_slug.get(link.downstream)
        if upstream is None or downstream is None:
            continue
        if upstream.is_cancelled or downstream.is_cancelled:
            continue
        if upstream.lead == downstream.lead:
            continue
        subject = f"{link.upstream}>{link.downstream}"
        evidence = collector.add_unique(
            upstream.lead, downstream.lead, "dependency", subject
        )
        if evidence is None:
            continue
        evidence.missions_first = [upstream.slug]
        evidence.missions_second = [downstream.slug]
        evidence.relation = link.kind


def _partnerships(collector: Collector, items: list[PlanItem]) -> None:
    for item in items:
        if not item.partners:
            continue
        codes = sorted(set(item.agencies))
        for index, first in enumerate(codes):
            for second in codes[index + 1 :]:
                evidence = collector.add_unique(first, second, "partnership", item.slug)
                if evidence is not None:
                    evidence.missions_first = evidence.missions_second = [item.slug]
