"""Editions in the workspace: create a draft, review by agencies, publish; the diff."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ger import access as permissions
from ger.access import write_view
from ger.editions.diff import diff_snapshots
from ger.editions.models import Edition, SnapshotCorruptError
from ger.editions.workflow import (
    EditionInputError,
    EditionWorkflowError,
    create_draft_edition,
    edition_snapshot,
    find_edition,
    flag_problem,
    return_to_draft,
    snapshot_for_agency,
    submit_for_review,
    sync_draft_with_current_plan,
)
from ger.workspace.forms import EditionForm, FlagForm, FlagResolutionForm, PublishForm
from ger.workspace.publication import (
    open_flags,
    publication_check,
    publish_with_care,
    resolve_flag,
)
from ger.workspace.views.common import (
    acting_user,
    error_list,
    forbidden,
    member_required,
)
from ger.workspace.views.common import edition_or_404 as _edition


@member_required
def edition_list(request: HttpRequest) -> HttpResponse:
    editions = Edition.objects.exclude(kind=Edition.Kind.WORKING_DRAFT)
    if not permissions.can_manage_editions(request.user):
        editions = editions.filter(status=Edition.Status.REVIEW)
    context = {
        "editions": editions.exclude(status=Edition.Status.PUBLISHED).order_by("-id"),
        "published": Edition.objects.published().order_by("-released_on"),
        "form": EditionForm()
        if permissions.can_manage_editions(request.user)
        else None,
    }
    return render(request, "workspace/edition_list.html", context)


@write_view
@member_required
def edition_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_editions(request.user):
        return forbidden(request, _("Only the secretariat creates editions."))
    form = EditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            edition = create_draft_edition(
                user=acting_user(request), **form.cleaned_data
            )
        except EditionInputError as problem:
            for name, problems in problem.errors.items():
                for message in problems:
                    form.add_error(
                        name if name in form.fields else None,
                        message if name in form.fields else f"{name}: {message}",
                    )
        else:
            messages.success(
                request,
                _("Draft %(code)s created from the current plan.")
                % {"code": edition.code},
            )
            return redirect("workspace:edition", slug=edition.slug)
    context = {"form": form, "errors": error_list(form) if form.is_bound else []}
    return render(
        request,
        "workspace/edition_new.html",
        context,
        status=400 if form.is_bound else 200,
    )


def previous_edition(edition: Edition) -> Edition | None:
    """Return the published edition this one follows (for "what changed")."""
    published = Edition.objects.published().exclude(pk=edition.pk).defer("snapshot")
    if edition.released_on is not None:
        published = published.filter(released_on__lte=edition.released_on)
    return published.order_by("-released_on", "-id").first()


def _detail_context(request: HttpRequest, edition: Edition) -> dict[str, Any]:
    snapshot: dict[str, Any] = {}
    problem = ""
    try:
        snapshot = edition_snapshot(edition)
    except SnapshotCorruptError as error:
        problem = str(error)
    agency = permissions.editor_agency(request.user)
    missions = snapshot.get("missions", [])
    own = snapshot_for_agency(snapshot, agency.code) if agency else missions
    can_manage = permissions.can_manage_editions(request.user)
    return {
        "edition": edition,
        "agency": agency,
        "missions": own,
        "problem": problem,
        "flags": edition.flags.select_related("agency", "resolution"),
        "open_flag_count": open_flags(edition).count(),
        "can_manage": can_manage,
        "can_flag": permissions.can_flag_edition(request.user, edition),
        "flag_form": FlagForm(missions=own),
        "resolve_form": FlagResolutionForm() if can_manage else None,
        "previous": previous_edition(edition),
        "latest_build": edition.build_runs.first() if can_manage else None,
    }


@member_required
def edition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    edition = _edition(slug)
    if not permissions.can_view_edition(request.user, edition):
        return forbidden(request, _("Drafts are visible to the secretariat only."))
    context = _detail_context(request, edition)
    return render(
        request,
        "workspace/edition_detail.html",
        context,
        status=409 if context["problem"] else 200,
    )


def _step(
    request: HttpRequest, slug: str, step: Callable[..., Any], done: str
) -> HttpResponse:
    edition = _edition(slug)
    if not permissions.can_manage_editions(request.user):
        return forbidden(request, _("Only the secretariat moves editions."))
    if request.method != "POST":
        return redirect("workspace:edition", slug=slug)
    try:
        step(edition, acting_user(request))
    except EditionWorkflowError as problem:
        context = _detail_context(request, _edition(slug))
        context["problem"] = str(problem)
        return render(request, "workspace/edition_detail.html", context, status=409)
    messages.success(request, done)
    return redirect("workspace:edition", slug=slug)


@write_view
@member_required
def edition_sync(request: HttpRequest, slug: str) -> HttpResponse:
    return _step(
        request,
        slug,
        sync_draft_with_current_plan,
        _("The draft now holds the current plan."),
    )


@write_view
@member_required
def edition_review(request: HttpRequest, slug: str) -> HttpResponse:
    return _step(
        request,
        slug,
        submit_for_review,
        _("The edition is in review: agencies can check it."),
    )


@write_view
@member_required
def edition_draft(request: HttpRequest, slug: str) -> HttpResponse:
    return _step(request, slug, return_to_draft, _("The edition is a draft again."))


@write_view
@member_required
def edition_publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Show what publication will freeze; publish (and build) once confirmed."""
    edition = _edition(slug)
    if not permissions.can_manage_editions(request.user):
        return forbidden(request, _("Only the secretariat moves editions."))
    if edition.status != Edition.Status.REVIEW:
        messages.error(request, _("Only an edition in review can be published."))
        return redirect("workspace:edition", slug=slug)
    form = PublishForm(request.POST if request.method == "POST" else None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            _published, run = publish_with_care(
                edition, acting_user(request), form.cleaned_data["override_reason"]
            )
        except EditionWorkflowError as error:
            problem = str(error)
        else:
            messages.success(
                request,
                _(
                    "The edition is published: its snapshot is frozen. Its document, "
                    "site and data are being built."
                ),
            )
            return redirect(run)
    context = {
        "edition": edition,
        "check": publication_check(edition),
        "form": form,
        "problem": problem,
        "errors": error_list(form) if form.is_bound else [],
    }
    status = 409 if problem else 400 if form.errors else 200
    return render(request, "workspace/edition_publish.html", context, status=status)


@write_view
@member_required
@require_POST
def flag_resolve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Close a flagged problem with the secretariat's note."""
    edition = _edition(slug)
    if not permissions.can_manage_editions(request.user):
        return forbidden(request, _("Only the secretariat resolves flagged problems."))
    flag = edition.flags.filter(pk=pk).first()
    if flag is None:
        raise Http404(_("This edition has no such flag."))
    form = FlagResolutionForm(request.POST)
    if form.is_valid():
        try:
            resolve_flag(flag, acting_user(request), form.cleaned_data["note"])
        except EditionWorkflowError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("The problem is marked resolved."))
            return redirect("workspace:edition", slug=slug)
    context = _detail_context(request, edition)
    context.update(resolve_form=form, errors=error_list(form))
    return render(request, "workspace/edition_detail.html", context, status=400)


@write_view
@member_required
def edition_flag(request: HttpRequest, slug: str) -> HttpResponse:
    edition = _edition(slug)
    if not permissions.can_flag_edition(request.user, edition):
        return forbidden(
            request, _("Agency editors flag problems in editions under review.")
        )
    if request.method != "POST":
        return redirect("workspace:edition", slug=slug)
    context = _detail_context(request, edition)
    form = FlagForm(request.POST, missions=context["missions"])
    if form.is_valid():
        try:
            flag_problem(
                edition,
                permissions.editor_agency(request.user),
                acting_user(request),
                form.cleaned_data["mission_slug"],
                form.cleaned_data["body"],
            )
        except (EditionWorkflowError, EditionInputError) as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("Problem flagged for the secretariat."))
            return redirect("workspace:edition", slug=slug)
    context.update(flag_form=form, errors=error_list(form))
    return render(request, "workspace/edition_detail.html", context, status=400)


def edition_diff(request: HttpRequest, old: str, new: str) -> HttpResponse:
    """Show what changed between two editions; ``?format=json`` for machines."""
    found = [find_edition(old), find_edition(new)]
    named = [edition for edition in found if edition is not None]
    if len(named) != 2:
        raise Http404(_("No edition has this code or slug."))
    # A superseded issue is compared through its corrected re-issue unless the
    # reader asks for the issues as they were published.
    as_issued = request.GET.get("as_issued") == "1"
    editions = [e if as_issued else e.latest_issue() for e in named]
    for edition in editions:
        if not permissions.can_view_edition(request.user, edition):
            return forbidden(request, _("This edition is not public yet."))
    try:
        result = diff_snapshots(
            edition_snapshot(editions[0]), edition_snapshot(editions[1])
        )
    except SnapshotCorruptError as problem:
        if request.GET.get("format") == "json":
            return JsonResponse(
                {"error": {"code": "snapshot_corrupt", "message": str(problem)}},
                status=409,
            )
        return render(
            request,
            "workspace/edition_diff.html",
            {"problem": str(problem), "old": editions[0], "new": editions[1]},
            status=409,
        )
    if request.GET.get("format") == "json":
        return JsonResponse(result.as_dict(), json_dumps_params={"ensure_ascii": False})
    context = {
        "diff": result,
        "old": editions[0],
        "new": editions[1],
        "reissued": [(a, b) for a, b in zip(named, editions, strict=True) if a != b],
        "as_issued": as_issued,
    }
    return render(request, "workspace/edition_diff.html", context)
