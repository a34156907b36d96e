"""The agency workspace's mission pages: add, change, delete, propose, partner role."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ger import access as permissions
from ger.access import write_view
from ger.editions.proposals import ProposalError, propose_change
from ger.history.missions import (
    MissionInUseError,
    StaleVersionError,
    create_mission,
    delete_mission,
    update_mission,
    update_partnership,
)
from ger.history.models import Revision
from ger.plans.models import Mission
from ger.plans.services import (
    MissionInputError,
    mission_state,
    missions_for_state,
)
from ger.workspace.forms import ReasonForm
from ger.workspace.history_display import change_rows
from ger.workspace.mission_forms import MissionForm, PartnershipForm, VersionForm
from ger.workspace.views.common import (
    acting_user,
    error_list,
    forbidden,
    member_required,
)


def _mission(slug: str) -> Mission:
    mission = missions_for_state().filter(slug=slug).first()
    if mission is None:
        raise Http404(_("No mission has this slug."))
    return mission


def _render_form(
    request: HttpRequest,
    form: MissionForm,
    mission: Mission | None,
    *,
    mode: str,
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "form": form,
        "errors": error_list(form) if form.is_bound else [],
        "mission": mission,
        "mode": mode,
        **(extra or {}),
    }
    return render(request, "workspace/mission_form.html", context, status=status)


def _stale(
    request: HttpRequest,
    error: StaleVersionError,
    posted: dict[str, Any],
    *,
    mode: str,
    fixed_lead: Any = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Refuse a stale save: show what changed meanwhile, keep the user's own edits."""
    mission = _mission(error.mission.slug)
    current = mission_state(mission)
    base = dict(current)
    for revision in reversed(error.changes_since):
        for name, change in revision.changes.items():
            base[name] = change.get("before")
    mine = {name: value for name, value in posted.items() if base.get(name) != value}
    mine.pop("lead", None)
    theirs = {name for revision in error.changes_since for name in revision.changes}
    form = MissionForm(
        initial=MissionForm.initial_from_state({**current, **mine}, mission.version),
        fixed_lead=fixed_lead,
    )
    context = {
        "stale": error,
        "changed_meanwhile": change_rows(
            error.changes_since, Revision.RecordType.MISSION
        ),
        "conflicts": sorted(set(mine) & theirs),
        **(extra or {}),
    }
    return _render_form(request, form, mission, mode=mode, status=409, extra=context)


@write_view
@member_required
def mission_new(request: HttpRequest) -> HttpResponse:
    agency = permissions.editor_agency(request.user)
    if agency is None or not permissions.can_create_mission(
        acting_user(request), agency
    ):
        return forbidden(
            request, _("Only agency editors add missions, for their agency.")
        )
    form = MissionForm(request.POST or None, fixed_lead=agency)
    if request.method == "POST" and form.is_valid():
        try:
            mission = create_mission(form.to_state(), request.user)
        except MissionInputError as problem:
            form.add_service_errors(problem)
        else:
            messages.success(
                request, _("Mission %(name)s added.") % {"name": mission.name}
            )
            return redirect("workspace:mission_edit", slug=mission.slug)
    return _render_form(
        request, form, None, mode="new", status=400 if form.is_bound else 200
    )


@write_view
@member_required
def mission_edit(request: HttpRequest, slug: str) -> HttpResponse:
    mission = _mission(slug)
    if not permissions.can_edit_mission(request.user, mission):
        if request.method == "GET" and permissions.can_propose_change(
            acting_user(request), mission
        ):
            return redirect("workspace:mission_propose", slug=slug)
        return forbidden(
            request,
            _("Only the lead agency changes this mission; propose a change instead."),
        )
    if request.method != "POST":
        initial = MissionForm.initial_from_state(
            mission_state(mission), mission.version
        )
        return _render_form(
            request,
            MissionForm(initial=initial, fixed_lead=mission.lead),
            mission,
            mode="edit",
        )
    form = MissionForm(request.POST, fixed_lead=mission.lead)
    if form.is_valid():
        version = form.cleaned_data.get("version")
        if version is None:
            form.add_error("version", _("the form lost its version: reload the page"))
        elif not _refuse_partner_roles(request, mission, form):
            posted = form.to_state()
            try:
                saved = update_mission(mission, posted, acting_user(request), version)
            except StaleVersionError as error:
                return _stale(
                    request, error, posted, mode="edit", fixed_lead=mission.lead
                )
            except MissionInputError as problem:
                form.add_service_errors(problem)
            else:
                messages.success(
                    request,
                    _("Saved: %(name)s is now at version %(version)s.")
                    % {"name": saved.name, "version": saved.version},
                )
                return redirect("workspace:mission_edit", slug=saved.slug)
    return _render_form(request, form, mission, mode="edit", status=400)


@write_view
@member_required
def mission_delete(request: HttpRequest, slug: str) -> HttpResponse:
    mission = _mission(slug)
    if not permissions.can_delete_mission(acting_user(request), mission):
        return forbidden(request, _("Only the lead agency deletes this mission."))
    form = VersionForm(request.POST or None, initial={"version": mission.version})
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            delete_mission(mission, acting_user(request), form.cleaned_data["version"])
        except StaleVersionError:
            problem = _(
                "The mission changed since you opened this page: "
                "check it again before deleting."
            )
        except MissionInUseError as error:
            problem = str(error)
        else:
            messages.success(
                request,
                _("Mission %(name)s deleted; its history is kept.")
                % {"name": mission.name},
            )
            return redirect("workspace:home")
    return _render_page(
        request, "workspace/mission_delete.html", mission, form, problem
    )


@write_view
@member_required
def mission_partner(request: HttpRequest, slug: str) -> HttpResponse:
    mission = _mission(slug)
    agency = permissions.editor_agency(request.user)
    if agency is None or not permissions.can_edit_partnership(request.user, mission):
        return forbidden(
            request, _("Only a partner agency changes its own part in this mission.")
        )
    own = next(p for p in mission.partnerships.all() if p.agency_id == agency.pk)
    form = PartnershipForm(
        request.POST or None,
        initial={
            "version": mission.version,
            "role": own.role,
            "uncertain": own.uncertain,
        },
    )
    problem = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_partnership(
                mission,
                agency,
                data["role"],
                data["uncertain"],
                acting_user(request),
                data["version"],
            )
        except StaleVersionError as error:
            problem = _(
                "The mission changed since you opened this page (now version "
                "%(version)s); reload it and save again."
            ) % {"version": error.mission.version}
        else:
            messages.success(
                request,
                _("Your agency's part in %(name)s is saved.") % {"name": mission.name},
            )
            return redirect("workspace:home")
    return _render_page(
        request,
        "workspace/mission_partner.html",
        mission,
        form,
        problem,
        {"agency": agency},
    )


def _render_page(
    request: HttpRequest,
    template: str,
    mission: Mission,
    form: forms.Form,
    problem: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Render a one-form page: 409 when the change was refused, 400 for a bad form."""
    context = {
        "mission": mission,
        "form": form,
        "problem": problem,
        "errors": error_list(form),
        **(extra or {}),
    }
    status = 409 if problem else (400 if form.is_bound and form.errors else 200)
    return render(request, template, context, status=status)


@write_view
@member_required
def mission_propose(request: HttpRequest, slug: str) -> HttpResponse:
    mission = _mission(slug)
    if not permissions.can_propose_change(acting_user(request), mission):
        return forbidden(
            request, _("You change this mission directly: no proposal is needed.")
        )
    if request.method != "POST":
        initial = MissionForm.initial_from_state(
            mission_state(mission), mission.version
        )
        return _render_form(
            request,
            MissionForm(initial=initial),
            mission,
            mode="propose",
            extra={"reason_form": ReasonForm()},
        )
    form, reason_form = MissionForm(request.POST), ReasonForm(request.POST)
    if form.is_valid():
        _refuse_partner_roles(request, mission, form)
    if form.is_valid() and reason_form.is_valid():
        response = _send_proposal(request, mission, form, reason_form)
        if response is not None:
            return response
    return _render_form(
        request,
        form,
        mission,
        mode="propose",
        status=400,
        extra={"reason_form": reason_form},
    )


def _send_proposal(
    request: HttpRequest, mission: Mission, form: MissionForm, reason_form: ReasonForm
) -> HttpResponse | None:
    """Propose the posted change; return where to go next, or None to show errors."""
    posted = form.to_state()
    try:
        proposal = propose_change(
            mission,
            posted,
            acting_user(request),
            permissions.acting_agency(request.user),
            form.cleaned_data.get("version") or 0,
            reason_form.cleaned_data["reason"],
        )
    except StaleVersionError as error:
        return _stale(
            request,
            error,
            posted,
            mode="propose",
            extra={"reason_form": reason_form},
        )
    except MissionInputError as problem:
        form.add_service_errors(problem)
    except ProposalError as problem:
        form.add_error(None, str(problem))
    else:
        messages.success(
            request,
            _("Proposal sent to %(agency)s and the secretariat.")
            % {"agency": proposal.owner_agency.code},
        )
        return redirect("workspace:proposal", pk=proposal.pk)
    return None


def _refuse_partner_roles(
    request: HttpRequest, mission: Mission, form: MissionForm
) -> bool:
    """Refuse a form that sets another agency's part; return whether it did."""
    refused = permissions.partner_roles_refused(
        acting_user(request), mission, form.cleaned_data.get("partners") or []
    )
    if refused:
        form.add_error(
            "partners",
            _("only a partner agency describes its own part: %(agencies)s")
            % {"agencies": ", ".join(refused)},
        )
    return bool(refused)


def mission_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Show every recorded change of a mission, also after it was deleted."""
    mission = Mission.objects.filter(slug=slug).first()
    revisions = Revision.objects.filter(record_type=Revision.RecordType.MISSION)
    if mission is not None:
        revisions = revisions.filter(object_id=mission.pk)
    else:
        revisions = revisions.filter(record_key=slug)
    revisions = revisions.select_related("agency").order_by("-created_at", "-id")
    if mission is None and not revisions:
        raise Http404(_("No mission has this slug."))
    context = {
        "mission": mission,
        "slug": slug,
        "revisions": revisions,
        "show_authors": request.user.is_authenticated
        and permissions.has_role(request.user),
    }
    return render(request, "workspace/mission_history.html", context)
