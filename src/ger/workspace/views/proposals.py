"""Change proposals: the list, one proposal with its thread, comment, accept, reject."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ger import access as permissions
from ger.access import write_view
from ger.editions.models import ChangeProposal
from ger.editions.proposals import (
    ProposalConflictError,
    ProposalError,
    accept_proposal,
    comment_on_proposal,
    proposal_conflicts,
    proposals_concerning,
    reject_proposal,
)
from ger.plans.services import MissionInputError, field_label
from ger.workspace.forms import CommentForm, DecisionForm
from ger.workspace.history_display import named_value_text
from ger.workspace.views.common import (
    acting_user,
    error_list,
    forbidden,
    member_required,
)


def _proposal(pk: int) -> ChangeProposal:
    proposal = (
        ChangeProposal.objects.select_related(
            "owner_agency", "proposer_agency", "mission"
        )
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise Http404(_("No proposal has this number."))
    return proposal


@member_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    agency = (
        None
        if permissions.is_secretariat(request.user)
        else permissions.editor_agency(request.user)
    )
    proposals = proposals_concerning(agency)
    return render(
        request,
        "workspace/proposal_list.html",
        {
            "open": proposals.filter(state=ChangeProposal.State.OPEN),
            "closed": proposals.exclude(state=ChangeProposal.State.OPEN)[:50],
        },
    )


def _detail(
    request: HttpRequest,
    proposal: ChangeProposal,
    *,
    comment_form: CommentForm | None = None,
    decision_form: DecisionForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    conflicts = proposal_conflicts(proposal) if proposal.is_open else {}
    rows = [
        {
            "field": field_label(name),
            "before": named_value_text(name, change.get("before")),
            "after": named_value_text(name, change.get("after")),
            "current": named_value_text(name, conflicts[name]["current"])
            if name in conflicts
            else None,
        }
        for name, change in sorted(proposal.changes.items())
    ]
    forms_with_errors = [
        f for f in (comment_form, decision_form) if f is not None and f.is_bound
    ]
    context = {
        "proposal": proposal,
        "rows": rows,
        "comments": proposal.comments.all(),
        "comment_form": comment_form or CommentForm(),
        "decision_form": decision_form or DecisionForm(),
        "can_decide": proposal.is_open
        and permissions.can_decide_proposal(request.user, proposal),
        "problem": problem,
        "errors": [
            message for form in forms_with_errors for message in error_list(form)
        ],
    }
    return render(request, "workspace/proposal_detail.html", context, status=status)


@member_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk)
    if not permissions.can_view_proposal(request.user, proposal):
        return forbidden(request, _("This proposal concerns other agencies."))
    return _detail(request, proposal)


@write_view
@member_required
def proposal_comment(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk)
    if not permissions.can_comment_on_proposal(acting_user(request), proposal):
        return forbidden(request, _("This proposal concerns other agencies."))
    if request.method != "POST":
        return redirect("workspace:proposal", pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment_on_proposal(
                proposal, acting_user(request), form.cleaned_data["body"]
            )
        except ProposalError as problem:
            form.add_error("body", str(problem))
        else:
            return redirect("workspace:proposal", pk=pk)
    return _detail(request, proposal, comment_form=form, status=400)


def _decide(request: HttpRequest, pk: int, accept: bool) -> HttpResponse:
    proposal = _proposal(pk)
    if not permissions.can_decide_proposal(request.user, proposal):
        return forbidden(
            request,
            _(
                "Only the owning agency or the secretariat decides, "
                "and never on their own proposal."
            ),
        )
    if request.method != "POST":
        return redirect("workspace:proposal", pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, proposal, decision_form=form, status=400)
    try:
        if accept:
            accept_proposal(
                proposal, acting_user(request), form.cleaned_data["comment"]
            )
        else:
            reject_proposal(
                proposal, acting_user(request), form.cleaned_data["comment"]
            )
    except ProposalConflictError as conflict:
        labels = ", ".join(field_label(name) for name in sorted(conflict.conflicts))
        problem = _(
            "The mission changed since the proposal in: %(fields)s. "
            "Reject it or ask for a new proposal."
        ) % {"fields": labels}
        return _detail(
            request, _proposal(pk), decision_form=form, problem=problem, status=409
        )
    except (ProposalError, MissionInputError) as error:
        return _detail(
            request, _proposal(pk), decision_form=form, problem=str(error), status=409
        )
    messages.success(
        request,
        _("Proposal accepted and applied.") if accept else _("Proposal rejected."),
    )
    return redirect("workspace:proposal", pk=pk)


@write_view
@member_required
def proposal_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, accept=True)


@write_view
@member_required
def proposal_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, accept=False)
