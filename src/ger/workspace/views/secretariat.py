"""Secretariat pages: accounts, membership, and the goals/objectives framework."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ger import access as permissions
from ger.access import write_view
from ger.objectives.models import Goal, Objective
from ger.registry.models import Agency, UserRole
from ger.registry.services import AccountError, invitation_parts
from ger.workspace.forms import AccountForm, GoalForm, MembershipForm, ObjectiveForm
from ger.workspace.framework import add_account, save_framework_record, save_membership
from ger.workspace.views.common import (
    acting_user,
    error_list,
    forbidden,
    member_required,
)

SECRETARIAT_ONLY = gettext_lazy("Only the secretariat manages this.")


@write_view
@member_required
def accounts(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_accounts(request.user):
        return forbidden(request, str(SECRETARIAT_ONLY))
    form = AccountForm(request.POST or None)
    invitation = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = add_account(
                data["email"], data["role"], data["agency"], acting_user(request)
            )
        except AccountError as problem:
            form.add_error(
                problem.field if problem.field in form.fields else None, problem.message
            )
        else:
            uid, token = invitation_parts(account)
            invitation = request.build_absolute_uri(
                reverse("workspace:invitation", args=[uid, token])
            )
            messages.success(
                request,
                _("Account created: send this invitation link to %(email)s.")
                % {"email": account.get_username()},
            )
            form = AccountForm()
    roles = UserRole.objects.select_related("user", "agency").order_by(
        "kind", "agency__code", "user__username"
    )
    context = {
        "form": form,
        "errors": error_list(form) if form.is_bound else [],
        "roles": roles,
        "invitation": invitation,
        "users": get_user_model().objects.count(),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "workspace/accounts.html", context, status=status)


@member_required
def membership_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_membership(request.user):
        return forbidden(request, str(SECRETARIAT_ONLY))
    agencies = Agency.objects.select_related("membership").order_by("code")
    return render(request, "workspace/membership_list.html", {"agencies": agencies})


@write_view
@member_required
def membership_edit(request: HttpRequest, slug: str) -> HttpResponse:
    if not permissions.can_manage_membership(request.user):
        return forbidden(request, str(SECRETARIAT_ONLY))
    agency = Agency.objects.select_related("membership").filter(slug=slug).first()
    if agency is None:
        raise Http404(_("No agency has this slug."))
    stored = getattr(agency, "membership", None)
    initial = (
        {
            "joined": str(stored.joined),
            "founding": stored.founding,
            "detail": stored.detail,
        }
        if stored
        else {}
    )
    form = MembershipForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        save_membership(
            agency,
            data["joined"],
            data["founding"],
            data["detail"],
            acting_user(request),
        )
        messages.success(
            request, _("Membership of %(agency)s saved.") % {"agency": agency.code}
        )
        return redirect("workspace:membership")
    context = {
        "agency": agency,
        "form": form,
        "errors": error_list(form) if form.is_bound else [],
    }
    return render(
        request,
        "workspace/membership_form.html",
        context,
        status=400 if form.is_bound else 200,
    )


@member_required
def framework(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_framework(request.user):
        return forbidden(request, str(SECRETARIAT_ONLY))
    context = {
        "goals": Goal.objects.all(),
        "objectives": Objective.objects.select_related("goal", "theme"),
    }
    return render(request, "workspace/framework.html", context)


def _framework_form(
    request: HttpRequest, model: type[Goal] | type[Objective], code: str | None
) -> HttpResponse:
    if not permissions.can_manage_framework(request.user):
        return forbidden(request, str(SECRETARIAT_ONLY))
    record = None
    if code is not None:
        record = model.objects.filter(code=code).first()
        if record is None:
            raise Http404(_("No record has this code."))
    form_class = GoalForm if model is Goal else ObjectiveForm
    form = form_class(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        saved = save_framework_record(form.save(commit=False), acting_user(request))
        messages.success(request, _("%(code)s saved.") % {"code": saved.code})
        return redirect("workspace:framework")
    context = {
        "form": form,
        "record": record,
        "errors": error_list(form) if form.is_bound else [],
        "kind": model._meta.verbose_name,
    }
    return render(
        request,
        "workspace/framework_form.html",
        context,
        status=400 if form.is_bound else 200,
    )


@write_view
@member_required
def goal_new(request: HttpRequest) -> HttpResponse:
    return _framework_form(request, Goal, None)


@write_view
@member_required
def goal_edit(request: HttpRequest, code: str) -> HttpResponse:
    return _framework_form(request, Goal, code)


@write_view
@member_required
def objective_new(request: HttpRequest) -> HttpResponse:
    return _framework_form(request, Objective, None)


@write_view
@member_required
def objective_edit(request: HttpRequest, code: str) -> HttpResponse:
    return _framework_form(request, Objective, code)
