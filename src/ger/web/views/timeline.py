"""The mission-scenario timeline, in lanes by destination or by agency."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ger.charts.timeline import render_timeline
from ger.plans.filters import FilterError, filter_missions, parse_mission_query
from ger.plans.models import Destination, Mission
from ger.web.negotiation import respond
from ger.web.views.cached import cached_page
from ger.web.views.timeline_items import timeline_items

GROUPINGS = ("destination", "agency")


def _refuse(request: HttpRequest, error: FilterError) -> HttpResponse:
    return respond(
        request,
        "web/timeline.html",
        {"error": error, "group": "destination"},
        lambda: {
            "error": {
                "code": "bad_parameter",
                "message": error.message,
                "fields": {error.parameter: error.message},
            }
        },
        status=400,
    )


@cached_page
def timeline(request: HttpRequest) -> HttpResponse:
    group = request.GET.get("group", "destination")
    try:
        if group not in GROUPINGS:
            raise FilterError("group", _("use destination or agency"))
        query = parse_mission_query(request.GET)
    except FilterError as error:
        return _refuse(request, error)
    missions = list(filter_missions(query))
    if group == "agency":
        lanes = sorted({m.lead.code for m in missions}, key=str.lower)

        def lane_of(mission: Mission) -> str:
            return mission.lead.code
    else:
        names = list(
            Destination.objects.order_by("position").values_list("name", flat=True)
        )
        lanes = names

        def lane_of(mission: Mission) -> str:
            return mission.destination.name

    items = timeline_items(missions, lane_of)
    chart = render_timeline(items, lanes, timezone.localdate()) if items else ""
    params = request.GET.copy()
    params.pop("group", None)
    params.pop("format", None)
    context = {
        "chart": mark_safe(chart),  # built from escaped parts
        "group": group,
        "count": len(items),
        "undated": [item for item in items if item.start is None],
        "querystring": params.urlencode(),
        "query": query,
    }

    def data() -> dict[str, Any]:
        return {
            "group": group,
            "count": len(items),
            "items": [
                {
                    "mission": item.slug,
                    "lane": item.lane,
                    "start": item.start.isoformat() if item.start else None,
                    "end": item.end.isoformat() if item.end else None,
                    "date": item.date_label,
                    "crewed": item.crewed,
                    "status": item.status,
                    "no_earlier_than": item.open_ended,
                }
                for item in items
            ],
        }

    return respond(request, "web/timeline.html", context, data)
