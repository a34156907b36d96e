"""The workspace's front page: an editor's agency, or the secretariat's desk."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ger.editions.models import ChangeProposal, Edition
from ger.editions.proposals import proposals_concerning
from ger.plans.models import Mission
from ger.workspace import permissions
from ger.workspace.views.common import member_required


@member_required
def home(request: HttpRequest) -> HttpResponse:
    agency = permissions.editor_agency(request.user)
    in_review = Edition.objects.filter(status=Edition.Status.REVIEW).exclude(
        kind=Edition.Kind.WORKING_DRAFT
    )
    context: dict[str, Any]
    if agency is None:
        context = {
            "proposals": proposals_concerning(None).filter(
                state=ChangeProposal.State.OPEN
            ),
            "editions": Edition.objects.exclude(status=Edition.Status.PUBLISHED)
            .exclude(kind=Edition.Kind.WORKING_DRAFT)
            .order_by("-id"),
        }
        return render(request, "workspace/home_secretariat.html", context)
    missions = (
        Mission.objects.with_related()
        .filter(Q(lead=agency) | Q(partnerships__agency=agency))
        .distinct()
        .order_by("planned_launch_on", "slug")
    )
    context = {
        "agency": agency,
        "led": [m for m in missions if m.lead_id == agency.pk],
        "partnered": [m for m in missions if m.lead_id != agency.pk],
        "proposals": proposals_concerning(agency).filter(
            state=ChangeProposal.State.OPEN
        ),
        "editions": in_review,
        "others": Mission.objects.select_related("lead")
        .exclude(pk__in=[m.pk for m in missions])
        .order_by("name"),
    }
    return render(request, "workspace/home_editor.html", context)
