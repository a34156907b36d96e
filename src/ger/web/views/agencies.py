"""The member agencies and each agency's page.

An agency may take part in thousands of missions, so its page lists them
``PAGE_SIZE`` at a time (``?page=``; as on the mission list, a value that is not a
page number gives the first page and one past the end the last), draws the same
page on its timeline (never more than ``CHART_LIMIT``), says which of how many it
shows with links to the filtered list and timeline, and counts its partners and
objectives in the database rather than over loaded missions. The JSON twin lists
the same page of missions with ``count`` (all of them), ``page``, ``pages``,
``next`` and ``previous`` (URLs, or null).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ger.charts.timeline import render_timeline
from ger.exports.serialize import mission as mission_summary
from ger.http.negotiation import respond, wants_json
from ger.http.pages import cached_page
from ger.http.pagination import page_data, page_of
from ger.objectives.models import Objective
from ger.plans.models import Mission, MissionPartner, MissionQuerySet
from ger.registry.models import Agency
from ger.web.serializers import agency_summary
from ger.web.views.timeline_items import (
    CHART_LIMIT,
    for_chart,
    mission_paths,
    status_labels,
    timeline_items,
)

PAGE_SIZE = 100


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


@dataclass(frozen=True)
class MissionRow:
    """One line of the agency's mission table, its texts ready to print."""

    url: str
    name: str
    role: str
    planned: str
    actual: str
    status: str
    destination: str


def _rows(missions: list[Mission], agency: Agency) -> list[MissionRow]:
    # A hundred rows: each label is looked up once, not resolved per cell by the
    # template (a row's method calls and filters cost more than the rest of the page).
    labels = status_labels()
    path = mission_paths()
    lead, partner = str(_("lead")), str(_("partner"))
    return [
        MissionRow(
            url=path(m.slug),
            name=m.name,
            role=lead if m.lead_id == agency.pk else partner,
            planned=m.planned_launch.label() if m.planned_launch else "—",
            actual=m.actual_launch.label() if m.actual_launch else "—",
            status=labels.get(m.status, m.status),
            destination=str(m.destination.tr["name"]),
        )
        for m in missions
    ]


def _involving(agency: Agency) -> MissionQuerySet:
    """Return the missions ``agency`` leads or partners in, each once, by launch."""
    partnered = MissionPartner.objects.filter(agency=agency).values("mission_id")
    return Mission.objects.filter(Q(lead=agency) | Q(pk__in=partnered)).order_by(
        "planned_launch_on", "actual_launch_on", "slug"
    )


def _partners(agency: Agency) -> list[Agency]:
    """Return the other agencies that lead or partner in its missions, by code."""
    partnered = MissionPartner.objects.filter(agency=agency).values("mission_id")
    # Three small lookups, each along an index, rather than one pass over every
    # mission of the agency (ten times slower for an agency in 20,000 missions).
    their_leads = Mission.objects.filter(pk__in=partnered).values("lead_id")
    partners_of_led = MissionPartner.objects.filter(mission__lead=agency).values(
        "agency_id"
    )
    fellow_partners = MissionPartner.objects.filter(mission_id__in=partnered).values(
        "agency_id"
    )
    found = Agency.objects.filter(
        Q(pk__in=their_leads) | Q(pk__in=partners_of_led) | Q(pk__in=fellow_partners)
    ).exclude(pk=agency.pk)
    return sorted(found, key=lambda a: a.code.lower())


def _objectives(involving: MissionQuerySet) -> list[Objective]:
    """Return the objectives the missions address, each with how many (``n``)."""
    return list(
        Objective.objects.filter(mission_links__mission__in=involving.order_by())
        .annotate(n=Count("mission_links", distinct=True))
        .order_by("code")
    )


def _chart(agency: Agency, charted: list[Mission]) -> str:
    """Return the timeline of ``charted`` in a lead and a partner lane, or ""."""
    if not charted:
        return ""
    lead, partner = str(_("Lead")), str(_("Partner"))
    return render_timeline(
        timeline_items(charted, lambda m: lead if m.lead_id == agency.pk else partner),
        [lead, partner],
        timezone.localdate(),
        title=_("Missions of %(agency)s") % {"agency": agency.code},
    )


def _agency_data(
    request: HttpRequest, agency: Agency, page: Any, context: dict[str, Any]
) -> dict[str, Any]:
    """Return the page's JSON twin: the agency, its page of missions with roles."""
    missions: list[Mission] = context["missions"]
    # The twin's partners are prefetched with the page: no query for the roles.
    roles = {
        m.pk: p.role
        for m in missions
        for p in m.partnerships.all()
        if p.agency_id == agency.pk
    }
    return {
        **agency_summary(agency),
        "notes": agency.notes,
        "former_names": agency.former_names,
        "uncertain": agency.uncertain,
        "sources": agency.sources,
        **page_data(request, page),
        "missions": [
            {
                **mission_summary(m),
                "role": "lead"
                if m.lead_id == agency.pk
                else roles.get(m.pk, "partner"),
            }
            for m in missions
        ],
        "partners": [p.code for p in context["partners"]],
        "objectives": [o.code for o in context["objectives"]],
    }


@cached_page
def agency_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.select_related("membership"), slug=slug)
    involving = _involving(agency)
    as_json = wants_json(request)
    # The page needs what the table and chart print; the twin, every partner too.
    listed = involving.with_related() if as_json else for_chart(involving)
    # As on the mission list: not a number gives the first page, past the end the last.
    page, querystring = page_of(request, listed, size=PAGE_SIZE)
    missions = list(page.object_list)
    # The chart draws the table's page: what the reader sees listed, in time.
    chart = "" if as_json else _chart(agency, missions[:CHART_LIMIT])
    context = {
        "agency": agency,
        "page": page,
        "missions": missions,
        "rows": [] if as_json else _rows(missions, agency),
        "partners": _partners(agency),
        "objectives": _objectives(involving),
        "timeline": mark_safe(chart),  # built from escaped parts
        "first": page.start_index(),
        "last": page.end_index(),
        "count": page.paginator.count,
        "querystring": querystring,
        "filters_querystring": QueryDict.fromkeys(["agency"], agency.code).urlencode(),
    }
    return respond(
        request,
        "web/agency.html",
        context,
        lambda: _agency_data(request, agency, page, context),
    )
