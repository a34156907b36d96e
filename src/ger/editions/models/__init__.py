"""Editions of the roadmap, and the plan of each mission as an edition stated it."""

from __future__ import annotations

from ger.editions.models.contents import (
    STATEMENT_FACTS,
    EditionPlan,
    EditionPlanQuerySet,
    EditionProse,
    EditionProseQuerySet,
)
from ger.editions.models.edition import (
    TRANSLATABLE_AFTER_PUBLICATION,
    Edition,
    EditionImmutableError,
    EditionQuerySet,
    SnapshotCorruptError,
)
from ger.editions.models.review import ChangeProposal, EditionFlag, ProposalComment

__all__ = [
    "STATEMENT_FACTS",
    "TRANSLATABLE_AFTER_PUBLICATION",
    "ChangeProposal",
    "Edition",
    "EditionFlag",
    "EditionImmutableError",
    "EditionPlan",
    "EditionPlanQuerySet",
    "EditionProse",
    "EditionProseQuerySet",
    "EditionQuerySet",
    "ProposalComment",
    "SnapshotCorruptError",
]
