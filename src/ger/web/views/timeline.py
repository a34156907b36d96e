"""The mission-scenario timeline, in lanes by destination or by agency.

A chart of thousands of bars is illegible and weighs megabytes, so the page draws a
window of at most ``CHART_LIMIT`` missions of the filtered set, in the list's order
(by planned launch unless ``ordering`` says otherwise), says how many it leaves out
and links to the filters and to the neighbouring windows. ``offset`` (from 0 to the
last matching mission) moves the window and ``limit`` (1 to ``CHART_LIMIT``, the
default) narrows it, on the page and its JSON twin alike. The twin answers ``count``
(every matching mission), ``limit``, ``offset``, ``next`` and ``previous`` (the
neighbouring windows' URLs, or null) and the window's ``items``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ger.charts.timeline import TimelineItem, render_timeline
from ger.http.negotiation import refuse_parameter, respond, wants_json
from ger.http.pages import cached_page
from ger.plans.filters import (
    ORDERINGS,
    FilterError,
    MissionQuery,
    filter_missions,
    parse_mission_query,
)
from ger.plans.models import Destination, Mission
from ger.translated_content import translated
from ger.web.views.timeline_items import CHART_LIMIT, for_chart, timeline_items

GROUPINGS = ("destination", "agency")
# Far beyond any real plan; keeps offsets inside the databases' integer range.
MAX_OFFSET = 1_000_000_000


def _refuse(request: HttpRequest, error: FilterError) -> HttpResponse:
    context = {"error": error, "group": "destination"}
    return refuse_parameter(
        request, "web/timeline.html", context, error.parameter, error.message
    )


def whole_number(
    params: Mapping[str, str], name: str, default: int, minimum: int, maximum: int
) -> int:
    """Return the whole number ``params`` give ``name``; raise FilterError if bad."""
    raw = params.get(name, "").strip()
    if not raw:
        return default
    # str.isdigit also accepts "²", which int() refuses, and int() refuses more
    # than 4,300 digits: check the characters and the length before converting.
    if not (
        raw.isascii()
        and raw.isdigit()
        and len(raw) <= len(str(maximum))
        and minimum <= int(raw) <= maximum
    ):
        raise FilterError(
            name,
            _("use a whole number from %(minimum)d to %(maximum)d")
            % {"minimum": minimum, "maximum": maximum},
        )
    return int(raw)


def _with_offset(params: QueryDict, offset: int) -> str:
    changed = params.copy()
    changed["offset"] = str(offset)
    return changed.urlencode()


@dataclass
class _Window:
    """The window of the filtered missions that the chart draws."""

    group: str
    query: MissionQuery
    limit: int
    offset: int
    missions: list[Mission]
    count: int


def _window(params: QueryDict) -> _Window:
    """Return the window ``params`` ask for; raise FilterError when it is bad."""
    group = params.get("group", "destination")
    if group not in GROUPINGS:
        raise FilterError("group", _("use destination or agency"))
    query = parse_mission_query(params)
    limit = whole_number(params, "limit", CHART_LIMIT, 1, CHART_LIMIT)
    offset = whole_number(params, "offset", 0, 0, MAX_OFFSET)
    # The chart needs no partners: drop the list's prefetch of them. A timeline is
    # chronological: flown missions keep their place among the planned ones.
    matching = for_chart(
        filter_missions(query)
        .prefetch_related(None)
        .order_by(*ORDERINGS[query.ordering])
    )
    missions = list(matching[offset : offset + limit])
    if missions and len(missions) < limit:
        count = offset + len(missions)  # the window holds the last of them
    else:
        count = matching.count() if offset or missions else 0
    if offset and offset >= count:
        raise FilterError(
            "offset",
            _("use a whole number from %(minimum)d to %(maximum)d")
            % {"minimum": 0, "maximum": max(count - 1, 0)},
        )
    return _Window(group, query, limit, offset, missions, count)


def _lanes(
    group: str, missions: list[Mission]
) -> tuple[list[str], Callable[[Mission], str]]:
    """Return the chart's lanes and the lane of each mission."""
    if group == "agency":
        lanes = sorted({m.lead.code for m in missions}, key=str.lower)
        return lanes, lambda mission: mission.lead.code
    # Each lane in the reader's language (an untranslated one marked).
    translated_names = {
        slug: str(translated(translations, "name", name))
        for slug, name, translations in Destination.objects.order_by(
            "position"
        ).values_list("slug", "name", "translations")
    }
    lanes = list(translated_names.values())
    return lanes, lambda mission: translated_names[mission.destination.slug]


@cached_page
def timeline(request: HttpRequest) -> HttpResponse:
    try:
        window = _window(request.GET)
    except FilterError as error:
        return _refuse(request, error)
    offset, limit, count = window.offset, window.limit, window.count
    lanes, lane_of = _lanes(window.group, window.missions)
    items = timeline_items(window.missions, lane_of)
    # The JSON twin lists the items; only the page draws them.
    drawn = items and not wants_json(request)
    chart = render_timeline(items, lanes, timezone.localdate()) if drawn else ""
    params = request.GET.copy()
    params.pop("group", None)
    params.pop("format", None)
    filters = params.copy()
    filters.pop("offset", None)
    filters.pop("limit", None)
    previous = _with_offset(request.GET, max(offset - limit, 0)) if offset else ""
    following = (
        _with_offset(request.GET, offset + limit) if offset + len(items) < count else ""
    )
    context = {
        "chart": mark_safe(chart),  # built from escaped parts
        "group": window.group,
        "count": count,
        "shown": len(items),
        "first": offset + 1,
        "last": offset + len(items),
        "undated": [item for item in items if item.start is None],
        "querystring": params.urlencode(),
        "filters_querystring": filters.urlencode(),
        "previous_querystring": previous,
        "next_querystring": following,
        "query": window.query,
    }

    def link(querystring: str) -> str | None:
        if not querystring:
            return None
        return request.build_absolute_uri(f"{request.path}?{querystring}")

    return respond(
        request,
        "web/timeline.html",
        context,
        lambda: {
            "group": window.group,
            "count": count,
            "limit": limit,
            "offset": offset,
            "next": link(following),
            "previous": link(previous),
            "items": [_item_data(item) for item in items],
        },
    )


def _item_data(item: TimelineItem) -> dict[str, Any]:
    return {
        "mission": item.slug,
        "lane": item.lane,
        "start": item.start.isoformat() if item.start else None,
        "end": item.end.isoformat() if item.end else None,
        "date": item.date_label,
        "crewed": item.crewed,
        "status": item.status,
        "no_earlier_than": item.open_ended,
    }
