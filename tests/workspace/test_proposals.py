from __future__ import annotations

import pytest

from ger.access import can_decide_proposal
from ger.editions.models import ChangeProposal
from ger.editions.proposals import (
    ProposalConflictError,
    ProposalError,
    accept_proposal,
    comment_on_proposal,
    proposals_concerning,
    propose_change,
    reject_proposal,
)
from ger.history.missions import (
    StaleVersionError,
    mission_revisions,
    update_mission,
)
from ger.plans.models import Mission
from ger.plans.services import (
    MissionInputError,
)
from ger.registry.models import Agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(cast_data, esa_editor):
    """ESA proposes to move NASA's rover to 2029-Q1."""
    return propose_change(
        cast_data["NASA"],
        {"planned_launch": "2029-Q1", "name": "NASA Rover"},
        esa_editor,
        Agency.objects.get(code="ESA"),
        1,
        "Our camera is late",
    )


def test_a_proposal_holds_only_the_fields_it_changes(proposal):
    assert proposal.changes == {
        "planned_launch": {"before": "2028-Q3", "after": "2029-Q1"}
    }
    assert proposal.owner_agency.code == "NASA"
    assert proposal.state == ChangeProposal.State.OPEN
    assert Mission.objects.get(slug="nasa-rover").version == 1


def test_the_owner_and_the_proposer_see_the_proposal(proposal):
    nasa, esa, jaxa = (Agency.objects.get(code=c) for c in ("NASA", "ESA", "JAXA"))
    assert proposal in proposals_concerning(nasa)
    assert proposal in proposals_concerning(esa)
    assert proposal not in proposals_concerning(jaxa)
    assert proposal in proposals_concerning(None)


def test_accepting_applies_the_change_as_a_revision(proposal, nasa_editor):
    accept_proposal(proposal, nasa_editor, "Agreed")
    mission = Mission.objects.get(slug="nasa-rover")
    assert str(mission.planned_launch) == "2029-Q1"
    assert mission.version == 2
    latest = mission_revisions(mission)[0]
    assert latest.changes["planned_launch"] == {"before": "2028-Q3", "after": "2029-Q1"}
    assert latest.user == nasa_editor
    assert f"proposal #{proposal.pk}" in latest.note
    proposal.refresh_from_db()
    assert proposal.state == ChangeProposal.State.ACCEPTED
    assert proposal.reviewed_by == nasa_editor
    assert [c.body for c in proposal.comments.all()] == ["Agreed"]


def test_rejecting_leaves_the_mission_unchanged(proposal, secretariat):
    reject_proposal(proposal, secretariat, "Not confirmed")
    mission = Mission.objects.get(slug="nasa-rover")
    assert str(mission.planned_launch) == "2028-Q3"
    assert mission.version == 1
    proposal.refresh_from_db()
    assert proposal.state == ChangeProposal.State.REJECTED
    with pytest.raises(ProposalError, match="already"):
        accept_proposal(proposal, secretariat)


def test_a_proposal_overtaken_by_a_change_to_its_field_is_not_applied(
    proposal, nasa_editor
):
    update_mission(
        Mission.objects.get(slug="nasa-rover"),
        {"planned_launch": "2031"},
        nasa_editor,
        1,
    )
    with pytest.raises(ProposalConflictError) as refused:
        accept_proposal(proposal, nasa_editor)
    assert refused.value.conflicts["planned_launch"]["current"] == "2031"
    assert str(Mission.objects.get(slug="nasa-rover").planned_launch) == "2031"


def test_a_proposal_still_applies_after_changes_to_other_fields(proposal, nasa_editor):
    update_mission(
        Mission.objects.get(slug="nasa-rover"), {"crewed": True}, nasa_editor, 1
    )
    accept_proposal(proposal, nasa_editor)
    mission = Mission.objects.get(slug="nasa-rover")
    assert (mission.crewed, str(mission.planned_launch), mission.version) == (
        True,
        "2029-Q1",
        3,
    )


def test_a_proposal_from_a_stale_version_is_refused(cast_data, esa_editor, nasa_editor):
    mission = cast_data["NASA"]
    update_mission(mission, {"crewed": True}, nasa_editor, 1)
    with pytest.raises(StaleVersionError):
        propose_change(mission, {"name": "X"}, esa_editor, None, 1)


def test_an_invalid_or_empty_proposal_is_refused(cast_data, esa_editor):
    mission = cast_data["NASA"]
    with pytest.raises(MissionInputError) as refused:
        propose_change(mission, {"destination": "mars"}, esa_editor, None, 1)
    assert "destination" in refused.value.errors
    with pytest.raises(ProposalError, match="changes nothing"):
        propose_change(mission, {"name": "NASA Rover"}, esa_editor, None, 1)
    assert not ChangeProposal.objects.exists()


def test_nobody_decides_on_their_own_proposal(
    proposal, esa_editor, secretariat, nasa_editor
):
    assert not can_decide_proposal(esa_editor, proposal)
    assert can_decide_proposal(nasa_editor, proposal)
    assert can_decide_proposal(secretariat, proposal)


def test_the_thread_keeps_comments_in_order(proposal, nasa_editor, esa_editor):
    comment_on_proposal(proposal, nasa_editor, "Which month?")
    comment_on_proposal(proposal, esa_editor, "January")
    assert [c.author_label for c in proposal.comments.all()] == [
        "editor@nasa.test",
        "editor@esa.test",
    ]
    with pytest.raises(ProposalError):
        comment_on_proposal(proposal, esa_editor, "   ")
