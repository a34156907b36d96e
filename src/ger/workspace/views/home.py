"""The workspace's front page: what needs the signed-in member, by role."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ger import access as permissions
from ger.editions.models import ChangeProposal, Edition, EditionFlag, EditionProse
from ger.editions.proposals import proposals_concerning
from ger.plans.models import Mission
from ger.publishing.models import BuildRun
from ger.registry.models import Agency
from ger.workspace.views.common import member_required

RECENT_BUILDS = 5
PROSE_PARTS = len(EditionProse.Part.values)


def _in_preparation() -> list[Edition]:
    """Return the drafts and editions in review, each with its prose and flag counts."""
    return list(
        Edition.objects.exclude(status=Edition.Status.PUBLISHED)
        .exclude(kind=Edition.Kind.WORKING_DRAFT)
        .defer("snapshot")
        .annotate(
            prose_written=Count("prose", filter=~Q(prose__markdown=""), distinct=True),
            open_flags=Count(
                "flags", filter=Q(flags__resolution__isnull=True), distinct=True
            ),
        )
        .order_by("-id")
    )


def _secretariat_context() -> dict[str, Any]:
    editions = _in_preparation()
    return {
        "proposals": proposals_concerning(None).filter(state=ChangeProposal.State.OPEN),
        "editions": editions,
        "prose_parts": PROSE_PARTS,
        "prose_to_write": [
            e for e in editions if getattr(e, "prose_written", 0) < PROSE_PARTS
        ],
        "flags": EditionFlag.objects.filter(
            resolution__isnull=True, edition__status=Edition.Status.REVIEW
        )
        .select_related("agency", "edition")
        .defer("edition__snapshot"),
        "builds": BuildRun.objects.select_related("edition")
        .defer("edition__snapshot")
        .order_by("-requested_at", "-id")[:RECENT_BUILDS],
        "unbuilt": Edition.objects.published()
        .defer("snapshot")
        .exclude(build_runs__state=BuildRun.State.SUCCEEDED)
        .order_by("-released_on"),
    }


def _editor_context(agency: Agency) -> dict[str, Any]:
    missions = (
        Mission.objects.with_related()
        .filter(Q(lead=agency) | Q(partnerships__agency=agency))
        .distinct()
        .order_by("planned_launch_on", "slug")
    )
    concerning = proposals_concerning(agency)
    today = timezone.localdate()
    return {
        "agency": agency,
        "led": [m for m in missions if m.lead_id == agency.pk],
        "partnered": [m for m in missions if m.lead_id != agency.pk],
        "to_decide": concerning.filter(
            state=ChangeProposal.State.OPEN, owner_agency=agency
        ).exclude(proposer_agency=agency),
        "ours": concerning.filter(proposer_agency=agency).order_by("-created_at")[:10],
        "editions": Edition.objects.filter(status=Edition.Status.REVIEW)
        .exclude(kind=Edition.Kind.WORKING_DRAFT)
        .defer("snapshot"),
        "plan_passed": Mission.objects.filter(lead=agency)
        .select_related("lead")
        .plan_passed(today),
        "others": Mission.objects.select_related("lead")
        .exclude(pk__in=[m.pk for m in missions])
        .order_by("name"),
    }


@member_required
def home(request: HttpRequest) -> HttpResponse:
    agency = permissions.editor_agency(request.user)
    if agency is None:
        return render(
            request, "workspace/home_secretariat.html", _secretariat_context()
        )
    return render(request, "workspace/home_editor.html", _editor_context(agency))
