"""Public pages: home, agency, mission and edition."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ger.editions.models import Edition
from ger.plans.models import Mission
from ger.registry.models import Agency, MembershipCount


def home(request: HttpRequest) -> HttpResponse:
    members = (
        Agency.objects.members()
        .select_related("membership")
        .annotate(
            led=Count("led_missions", distinct=True),
            partnered=Count("partnerships", distinct=True),
        )
        .order_by("code")
    )
    context = {
        "members": members,
        "mission_count": Mission.objects.count(),
        "crewed_count": Mission.objects.filter(crewed=True).count(),
        "counts": MembershipCount.objects.all(),
        "editions": Edition.objects.published().order_by("-released_on"),
        "upcoming": Mission.objects.with_related()
        .filter(actual_launch_on__isnull=True, planned_launch_on__isnull=False)
        .exclude(status__in=[Mission.Status.CANCELLED, Mission.Status.SUSPENDED])
        .order_by("planned_launch_on", "slug")[:8],
    }
    return render(request, "web/home.html", context)


def agency(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.select_related("membership"), slug=slug)
    missions = (
        Mission.objects.with_related()
        .filter(Q(lead=agency) | Q(partnerships__agency=agency))
        .distinct()
        .order_by("planned_launch_on", "actual_launch_on", "slug")
    )
    return render(request, "web/agency.html", {"agency": agency, "missions": missions})


def mission(request: HttpRequest, slug: str) -> HttpResponse:
    mission = get_object_or_404(
        Mission.objects.with_related().prefetch_related(
            "sources",
            "objective_links__objective",
            "capability_links__capability",
            "enables__downstream",
            "depends_on__upstream",
        ),
        slug=slug,
    )
    plans = mission.edition_plans.select_related("edition").order_by(
        "edition__released_on"
    )
    return render(request, "web/mission.html", {"mission": mission, "plans": plans})


def edition(request: HttpRequest, slug: str) -> HttpResponse:
    visible = Q(status=Edition.Status.PUBLISHED) | Q(kind=Edition.Kind.WORKING_DRAFT)
    edition = get_object_or_404(Edition.objects.filter(visible), slug=slug)
    plans = edition.plans.select_related("mission__lead").order_by(
        "launch_on", "mission__slug"
    )
    return render(request, "web/edition.html", {"edition": edition, "plans": plans})
