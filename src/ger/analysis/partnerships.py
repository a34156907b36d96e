"""Partnership opportunities between agencies, ranked by a transparent score.

Evidence of five kinds links two agencies; each kind earns fixed points per item,
and at most ``CAP`` items of a kind count, so no single kind swamps the others
(the counts give every item; the evidence lists keep the first ``CAP`` of the
dependencies and joint missions):

- destination: both plan missions to the same destination in the same year (2);
- objective: both address the same objective with different missions (3);
- complement: one agency's mission provides a capability another's needs (3);
- dependency: one agency's mission enables another agency's mission (2);
- partnership: they already fly a mission together (1).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ger.analysis.model import Portfolio
from ger.analysis.partnership_evidence import (
    CAP,
    MIN_GROUP,
    FrozenEvidence,
    GroupOpportunity,
    evidence_dict,
    gather,
)
from ger.analysis.results import Table

WEIGHTS = {
    "destination": 2,
    "objective": 3,
    "complement": 3,
    "dependency": 2,
    "partnership": 1,
}
__all__ = ["CAP", "WEIGHTS", "PartnershipReport", "partnership_opportunities"]


@dataclass(frozen=True)
class Opportunity:
    """A pair of agencies, their score, the evidence and why in one sentence."""

    agencies: tuple[str, str]
    score: int
    points: dict[str, int]
    counts: dict[str, int]
    evidence: tuple[FrozenEvidence, ...]
    explanation: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "agencies": list(self.agencies),
            "score": self.score,
            "points": self.points,
            "counts": self.counts,
            "explanation": self.explanation,
            "evidence": [evidence_dict(item) for item in self.evidence],
        }


@dataclass(frozen=True)
class PartnershipReport:
    """Ranked opportunities, optionally for one agency."""

    source: dict[str, Any]
    agency: str | None
    members_only: bool
    opportunities: tuple[Opportunity, ...]
    groups: tuple[GroupOpportunity, ...]
    group_count: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "analysis": "partnerships",
            "source": self.source,
            "agency": self.agency,
            "members_only": self.members_only,
            "weights": WEIGHTS,
            "cap_per_kind": CAP,
            "opportunities": [item.as_dict() for item in self.opportunities],
            "groups": [group.as_dict() for group in self.groups],
            "group_count": self.group_count,
        }

    def table(self) -> Table:
        return Table(
            ("agency", "other", "score", *WEIGHTS, "explanation"),
            tuple(
                (
                    *item.agencies,
                    item.score,
                    *(item.counts.get(kind, 0) for kind in WEIGHTS),
                    item.explanation,
                )
                for item in self.opportunities
            ),
        )


def partnership_opportunities(
    portfolio: Portfolio,
    agency: str | None = None,
    limit: int | None = None,
    members_only: bool = True,
) -> PartnershipReport:
    """Return the pairs of agencies that could partner, best first, with reasons.

    With ``members_only`` (and a portfolio that lists the coordination group's
    members) both agencies of a pair must be members; companies and institutes
    still count as evidence through the missions they take part in.
    """
    members = portfolio.members if members_only else frozenset()
    items = [item for item in portfolio.items if not item.is_cancelled]
    collector, groups = gather(portfolio, items)
    # Imported here: explanations need Django's translation machinery, the scoring not.
    from ger.analysis.explanations import Explainer

    explain = Explainer(portfolio)
    ranked = []
    for pair, (found, counts) in collector.by_pair().items():
        if agency is not None and agency not in pair:
            continue
        if members and not members.issuperset(pair):
            continue
        points = {kind: WEIGHTS[kind] * min(CAP, counts[kind]) for kind in counts}
        first, second = pair if agency is None or pair[0] == agency else pair[::-1]
        ranked.append(
            Opportunity(
                agencies=(first, second),
                score=sum(points.values()),
                points=points,
                counts=counts,
                evidence=tuple(item.freeze() for item in found),
                explanation=explain(first, second, found),
            )
        )
    ranked.sort(key=lambda item: (-item.score, item.agencies))
    if members:
        groups = [
            dataclasses.replace(group, agencies=kept)
            for group in groups
            if len(kept := tuple(code for code in group.agencies if code in members))
            >= MIN_GROUP
        ]
    if agency is not None:
        groups = [group for group in groups if agency in group.agencies]
    groups.sort(key=lambda group: (-len(group.agencies), group.year, group.destination))
    return PartnershipReport(
        source=portfolio.describe(),
        agency=agency,
        members_only=bool(members),
        opportunities=tuple(ranked[:limit] if limit else ranked),
        groups=tuple(groups[:20]),
        group_count=len(groups),
    )
