"""The member agencies and each agency's page."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ger.charts.timeline import render_timeline
from ger.objectives.models import Objective
from ger.plans.models import Mission, MissionPartner
from ger.registry.models import Agency
from ger.web.negotiation import respond
from ger.web.serializers import agency_summary, mission_summary
from ger.web.views.cached import cached_page
from ger.web.views.timeline_items import timeline_items


@cached_page
def agency_list(request: HttpRequest) -> HttpResponse:
    members = list(
        Agency.objects.members()
        .select_related("membership")
        .annotate(
            led=Count("led_missions", distinct=True),
            partnered=Count("partnerships", distinct=True),
        )
        .order_by("code")
    )
    # The group lists its members alphabetically, ignoring case.
    members.sort(key=lambda agency: agency.code.lower())

    def data() -> dict[str, Any]:
        return {
            "count": len(members),
            "agencies": [
                {
                    **agency_summary(a),
                    "missions_led": getattr(a, "led", 0),
                    "missions_partnered": getattr(a, "partnered", 0),
                }
                for a in members
            ],
        }

    return respond(request, "web/agency_list.html", {"members": members}, data)


@cached_page
def agency_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.select_related("membership"), slug=slug)
    missions = list(
        Mission.objects.with_related()
        .filter(
            pk__in=Mission.objects.filter(
                Q(lead=agency) | Q(partnerships__agency=agency)
            ).values("pk")
        )
        .order_by("planned_launch_on", "actual_launch_on", "slug")
    )
    mission_ids = [m.pk for m in missions]
    # Partners come from the missions already fetched: no query per mission.
    involved = {m.lead for m in missions} | {
        p.agency for m in missions for p in m.partnerships.all()
    }
    partner_list = sorted(
        (a for a in involved if a.pk != agency.pk), key=lambda a: a.code.lower()
    )
    objectives = list(
        Objective.objects.filter(mission_links__mission_id__in=mission_ids)
        .annotate(n=Count("mission_links", distinct=True))
        .order_by("code")
    )
    roles = {
        p.mission_id: p.role
        for p in MissionPartner.objects.filter(
            agency=agency, mission_id__in=mission_ids
        )
    }
    chart = (
        render_timeline(
            timeline_items(
                missions,
                lambda m: (
                    str(_("Lead")) if m.lead_id == agency.pk else str(_("Partner"))
                ),
            ),
            [str(_("Lead")), str(_("Partner"))],
            timezone.localdate(),
            title=_("Missions of %(agency)s") % {"agency": agency.code},
        )
        if missions
        else ""
    )
    context = {
        "agency": agency,
        "missions": missions,
        "roles": roles,
        "partners": partner_list,
        "objectives": objectives,
        "timeline": mark_safe(chart),  # built from escaped parts
    }

    def data() -> dict[str, Any]:
        return {
            **agency_summary(agency),
            "notes": agency.notes,
            "former_names": agency.former_names,
            "uncertain": agency.uncertain,
            "sources": agency.sources,
            "missions": [
                {
                    **mission_summary(m),
                    "role": "lead"
                    if m.lead_id == agency.pk
                    else roles.get(m.pk, "partner"),
                }
                for m in missions
            ],
            "partners": [p.code for p in partner_list],
            "objectives": [o.code for o in objectives],
        }

    return respond(request, "web/agency.html", context, data)
