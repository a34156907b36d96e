"""Change proposals: an agency proposes, the owner or the secretariat decides."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ger.editions.models import ChangeProposal, ProposalComment
from ger.history.missions import (
    StaleVersionError,
    update_mission,
)
from ger.history.services import changed_fields, changes_since
from ger.plans.models import Mission
from ger.plans.services import (
    STATE_FIELDS,
    check_changes,
    mission_state,
    missions_for_state,
)
from ger.registry.models import Agency


class ProposalError(Exception):
    """A proposal cannot be made, commented on or decided as asked."""


class ProposalConflictError(ProposalError):
    """The mission changed, since the proposal, in a field the proposal changes."""

    def __init__(self, conflicts: dict[str, dict[str, Any]]) -> None:
        super().__init__(
            _("the mission changed meanwhile in: %(fields)s")
            % {"fields": ", ".join(sorted(conflicts))}
        )
        self.conflicts = conflicts


@transaction.atomic
def propose_change(
    mission: Mission,
    new_state: Mapping[str, Any],
    user: User,
    agency: Agency | None,
    base_version: int,
    reason: str = "",
) -> ChangeProposal:
    """Record a field-level proposal against the mission's current state."""
    current = missions_for_state().get(pk=mission.pk)
    if current.version != base_version:
        raise StaleVersionError(
            current, base_version, changes_since("mission", current.pk, base_version)
        )
    proposed = {
        name: value for name, value in new_state.items() if name in STATE_FIELDS
    }
    changes = changed_fields(
        {
            name: value
            for name, value in mission_state(current).items()
            if name in proposed
        },
        proposed,
    )
    if not changes:
        raise ProposalError(_("the proposal changes nothing"))
    check_changes(current, {name: change["after"] for name, change in changes.items()})
    return ChangeProposal.objects.create(
        mission=current,
        mission_slug=current.slug,
        owner_agency=current.lead,
        proposer=user,
        proposer_label=user.get_username(),
        proposer_agency=agency,
        base_version=base_version,
        changes=changes,
        reason=reason,
    )


def comment_on_proposal(
    proposal: ChangeProposal, user: User, body: str
) -> ProposalComment:
    """Add a message to the proposal's thread."""
    if not body.strip():
        raise ProposalError(_("a comment cannot be empty"))
    return ProposalComment.objects.create(
        proposal=proposal, author=user, author_label=user.get_username(), body=body
    )


def proposal_conflicts(proposal: ChangeProposal) -> dict[str, dict[str, Any]]:
    """Return the fields the mission changed since the proposal, with their values."""
    if proposal.mission_id is None:
        return {}
    current = mission_state(missions_for_state().get(pk=proposal.mission_id))
    return {
        name: {**change, "current": current.get(name)}
        for name, change in proposal.changes.items()
        if current.get(name) != change["before"]
    }


def _close(
    proposal: ChangeProposal, state: str, user: User, comment: str
) -> ChangeProposal:
    proposal.state = state
    proposal.reviewed_by = user
    proposal.reviewed_at = timezone.now()
    proposal.review_comment = comment
    proposal.save(
        update_fields=["state", "reviewed_by", "reviewed_at", "review_comment"]
    )
    if comment.strip():
        comment_on_proposal(proposal, user, comment)
    return proposal


def _lock_open(proposal: ChangeProposal) -> ChangeProposal:
    locked = ChangeProposal.objects.select_for_update().get(pk=proposal.pk)
    if not locked.is_open:
        raise ProposalError(
            _("the proposal is already %(state)s")
            % {"state": locked.get_state_display()}
        )
    return locked


@transaction.atomic
def accept_proposal(
    proposal: ChangeProposal, user: User, comment: str = ""
) -> ChangeProposal:
    """Apply the proposal to the mission as a revision and close it as accepted."""
    locked = _lock_open(proposal)
    if locked.mission is None:
        raise ProposalError(
            _("the mission was deleted; the proposal can only be rejected")
        )
    conflicts = proposal_conflicts(locked)
    if conflicts:
        raise ProposalConflictError(conflicts)
    mission = locked.mission
    update_mission(
        mission,
        {name: change["after"] for name, change in locked.changes.items()},
        user,
        mission.version,
        note=_("proposal #%(id)s by %(proposer)s, accepted by %(reviewer)s")
        % {
            "id": locked.pk,
            "proposer": locked.proposer_label,
            "reviewer": user.get_username(),
        },
    )
    return _close(locked, ChangeProposal.State.ACCEPTED, user, comment)


@transaction.atomic
def reject_proposal(
    proposal: ChangeProposal, user: User, comment: str = ""
) -> ChangeProposal:
    """Close the proposal as rejected; the mission does not change."""
    return _close(_lock_open(proposal), ChangeProposal.State.REJECTED, user, comment)


def proposals_concerning(agency: Agency | None) -> QuerySet[ChangeProposal]:
    """Return the proposals an agency made or received (all of them for None)."""
    proposals = ChangeProposal.objects.select_related(
        "owner_agency", "proposer_agency", "mission"
    )
    if agency is None:
        return proposals
    return proposals.filter(Q(owner_agency=agency) | Q(proposer_agency=agency))
