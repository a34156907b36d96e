"""Proposals, revisions and edition diffs."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import P, QueryEx, Router

from ger import access as permissions
from ger.api.auth import api_user, bearer
from ger.api.errors import ApiError
from ger.api.resources.editions import find_edition
from ger.api.resources.mission_writes import (
    IF_MATCH,
    WRITE_ERRORS,
    expected_version,
    find_mission,
    input_error,
)
from ger.api.resources.paging import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, paginate
from ger.api.schemas import ErrorOut, Page
from ger.api.write_schemas import (
    CommentIn,
    DecisionIn,
    ProposalIn,
    ProposalOut,
    RevisionOut,
)
from ger.editions.diff import diff_snapshots
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
)
from ger.history.models import Revision
from ger.http.caching import (
    immutable_read,
    json_response,
    public_read,
)
from ger.plancache import published_identity
from ger.plans.services import (
    MissionInputError,
)

router = Router(tags=["co-authoring"])


class ProposalPage(Page):
    results: list[ProposalOut]


class RevisionPage(Page):
    results: list[RevisionOut]


def proposal_data(proposal: ChangeProposal) -> dict[str, Any]:
    return {
        "id": proposal.pk,
        "mission": proposal.mission_slug,
        "owner_agency": proposal.owner_agency.code,
        "proposer_agency": proposal.proposer_agency.code
        if proposal.proposer_agency
        else None,
        "state": proposal.state,
        "base_version": proposal.base_version,
        "changes": proposal.changes,
        "reason": proposal.reason,
        "url": f"/api/v1/proposals/{proposal.pk}",
    }


def revision_data(revision: Revision, show_authors: bool) -> dict[str, Any]:
    return {
        "id": revision.pk,
        "record_type": revision.record_type,
        "record": revision.record_key,
        "action": revision.action,
        "version": revision.version,
        "agency": revision.agency.code if revision.agency else None,
        # The public sees roles ("NASA editor"), as on the mission page; people's
        # addresses only reach the secretariat.
        "by": revision.user_label if show_authors else revision.role_label,
        "at": revision.created_at.isoformat(),
        "changes": revision.changes,
        "note": revision.note,
    }


@router.post(
    "/missions/{slug}/proposals",
    auth=bearer,
    response={201: ProposalOut, **WRITE_ERRORS},
    summary="Propose a change",
    openapi_extra=IF_MATCH,
)
def propose(request: HttpRequest, slug: str, payload: ProposalIn) -> HttpResponse:
    """Propose a change to a mission another agency leads; needs If-Match."""
    mission = find_mission(slug)
    if not permissions.can_propose_change(request.user, mission):
        raise ApiError(403, _("editors of the lead agency change the mission directly"))
    version = expected_version(request, mission)
    refused = permissions.partner_roles_refused(
        request.user, mission, payload.changes.changes().get("partners") or []
    )
    if refused:
        raise ApiError(
            403,
            _("only a partner agency describes its own part: %(agencies)s")
            % {"agencies": ", ".join(refused)},
            {"changes.partners": _("cannot change another agency's part")},
        )
    try:
        proposal = propose_change(
            mission,
            payload.changes.changes(),
            api_user(request),
            permissions.acting_agency(request.user),
            version,
            payload.reason,
        )
    except StaleVersionError as error:
        raise ApiError(412, str(error), {"If-Match": _("stale")}) from None
    except MissionInputError as error:
        raise input_error(error) from None
    except ProposalError as error:
        raise ApiError(422, str(error), {"changes": str(error)}) from None
    return json_response(request, proposal_data(proposal), status=201)


@router.get(
    "/proposals",
    auth=bearer,
    response={200: ProposalPage, 401: ErrorOut, 422: ErrorOut},
    summary="Proposals that concern the caller",
)
def list_proposals(
    request: HttpRequest,
    state: QueryEx[str | None, P(pattern="^(open|accepted|rejected)$")] = None,
    limit: QueryEx[int, P(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    offset: QueryEx[int, P(ge=0, le=MAX_OFFSET)] = 0,
) -> HttpResponse:
    """The secretariat sees all; an editor those its agency made or received."""
    if permissions.is_secretariat(request.user):
        proposals = proposals_concerning(None)
    else:
        agency = permissions.editor_agency(request.user)
        if agency is None:
            raise ApiError(
                403, _("only agency editors and the secretariat see proposals")
            )
        proposals = proposals_concerning(agency)
    if state:
        proposals = proposals.filter(state=state)
    page = paginate(
        proposals.order_by("-created_at", "-id"), limit, offset, proposal_data
    )
    response = json_response(request, page)
    response["Cache-Control"] = "private, no-store"
    return response


def _proposal(request: HttpRequest, pk: int) -> ChangeProposal:
    proposal = (
        ChangeProposal.objects.select_related(
            "owner_agency", "proposer_agency", "mission"
        )
        .filter(pk=pk)
        .first()
    )
    if proposal is None or not permissions.can_view_proposal(request.user, proposal):
        # Another agency's proposal is as invisible as one that does not exist.
        raise Http404(f"no proposal {pk}")
    return proposal


@router.get(
    "/proposals/{pk}",
    auth=bearer,
    response={200: ProposalOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="One proposal",
)
def get_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    response = json_response(request, proposal_data(_proposal(request, pk)))
    response["Cache-Control"] = "private, no-store"
    return response


@router.post(
    "/proposals/{pk}/accept",
    auth=bearer,
    response={200: ProposalOut, **WRITE_ERRORS, 409: ErrorOut},
    summary="Accept a proposal",
)
def accept(request: HttpRequest, pk: int, payload: DecisionIn) -> HttpResponse:
    proposal = _proposal(request, pk)
    if not permissions.can_decide_proposal(request.user, proposal):
        raise ApiError(
            403, _("the owning agency or the secretariat decides, not the proposer")
        )
    try:
        proposal = accept_proposal(proposal, api_user(request), payload.comment)
    except ProposalConflictError as error:
        raise ApiError(
            409,
            _("the mission changed since the proposal in: %(f)s")
            % {"f": ", ".join(sorted(error.conflicts))},
        ) from None
    except (ProposalError, MissionInputError) as error:
        raise ApiError(409, str(error)) from None
    return json_response(request, proposal_data(proposal))


@router.post(
    "/proposals/{pk}/reject",
    auth=bearer,
    response={200: ProposalOut, **WRITE_ERRORS, 409: ErrorOut},
    summary="Reject a proposal",
)
def reject(request: HttpRequest, pk: int, payload: DecisionIn) -> HttpResponse:
    proposal = _proposal(request, pk)
    if not permissions.can_decide_proposal(request.user, proposal):
        raise ApiError(
            403, _("the owning agency or the secretariat decides, not the proposer")
        )
    try:
        proposal = reject_proposal(proposal, api_user(request), payload.comment)
    except ProposalError as error:
        raise ApiError(409, str(error)) from None
    return json_response(request, proposal_data(proposal))


@router.post(
    "/proposals/{pk}/comments",
    auth=bearer,
    response={201: dict[str, Any], **WRITE_ERRORS},
    summary="Comment on a proposal",
)
def comment(request: HttpRequest, pk: int, payload: CommentIn) -> HttpResponse:
    proposal = _proposal(request, pk)
    if not permissions.can_comment_on_proposal(request.user, proposal):
        raise ApiError(
            403, _("only the agencies concerned and the secretariat comment")
        )
    try:
        note = comment_on_proposal(proposal, api_user(request), payload.body)
    except ProposalError as error:
        raise ApiError(422, str(error), {"body": str(error)}) from None
    return json_response(
        request, {"id": note.pk, "proposal": proposal.pk, "body": note.body}, status=201
    )


@router.get(
    "/missions/{slug}/revisions",
    response={200: RevisionPage, 404: ErrorOut, 422: ErrorOut},
    summary="A mission's history",
)
def mission_history(
    request: HttpRequest,
    slug: str,
    limit: QueryEx[int, P(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    offset: QueryEx[int, P(ge=0, le=MAX_OFFSET)] = 0,
) -> HttpResponse:
    """Every recorded change of a mission, newest first (authors shown by role)."""
    mission = find_mission(slug)
    revisions = Revision.objects.of_record(
        Revision.RecordType.MISSION, mission.pk
    ).select_related("agency")
    return json_response(
        request,
        paginate(
            revisions, limit, offset, lambda r: revision_data(r, show_authors=False)
        ),
    )


@router.get(
    "/revisions",
    auth=bearer,
    response={200: RevisionPage, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="The activity feed",
)
def list_revisions(
    request: HttpRequest,
    agency: str | None = None,
    record_type: QueryEx[
        str | None, P(pattern="^(mission|goal|objective|membership|account|edition)$")
    ] = None,
    limit: QueryEx[int, P(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    offset: QueryEx[int, P(ge=0, le=MAX_OFFSET)] = 0,
) -> HttpResponse:
    """Every change to every record, newest first: for the secretariat."""
    if not permissions.can_view_activity(request.user):
        raise ApiError(403, _("the activity feed is for the secretariat"))
    revisions = Revision.objects.select_related("agency").order_by("-created_at", "-id")
    if agency:
        revisions = revisions.filter(agency__code=agency)
    if record_type:
        revisions = revisions.filter(record_type=record_type)
    page = paginate(
        revisions, limit, offset, lambda r: revision_data(r, show_authors=True)
    )
    response = json_response(request, page)
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "/editions/{old}/diff/{new}",
    response={200: dict[str, Any], 404: ErrorOut},
    summary="What changed between two editions",
)
def edition_diff(request: HttpRequest, old: str, new: str) -> HttpResponse:
    """Missions added, removed, re-planned (slip in months), membership changes."""
    before, after = find_edition(old), find_edition(new)
    both_published = before.is_published and after.is_published

    def render() -> HttpResponse:
        snapshots = [
            e.verified_snapshot() if e.is_published else e.snapshot or {}
            for e in (before, after)
        ]
        data = diff_snapshots(snapshots[0], snapshots[1]).as_dict()
        return json_response(request, data, immutable=both_published)

    if both_published:
        # Two frozen snapshots: the answer never changes.
        identity = f"diff:{published_identity(before)}:{published_identity(after)}"
        return immutable_read(request, identity, render)
    return public_read(request, render)
