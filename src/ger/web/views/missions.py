"""The mission list with filters and facets, its downloads, and the mission page."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ger.access import has_role
from ger.editions.models import Edition
from ger.exports import current
from ger.exports.contract import render_csv, render_json
from ger.exports.missions import MISSION_COLUMNS, mission_rows
from ger.exports.serialize import detailed_missions
from ger.exports.serialize import mission as mission_summary
from ger.history.missions import (
    mission_revisions,
)
from ger.http.negotiation import refuse_parameter, respond, wants_json
from ger.http.pages import cached_page
from ger.http.pagination import page_data, page_of
from ger.imagery.services import images_of
from ger.plancache import plan_cached
from ger.plans.facets import FACETS, facet_counts, label_facets
from ger.plans.filters import (
    ORDERINGS,
    FilterError,
    MissionQuery,
    filter_missions,
    parse_mission_query,
)
from ger.plans.models import Mission, MissionEvent, PlanStatement
from ger.plans.sources import ordered_sources


def _query_or_error(
    request: HttpRequest,
) -> tuple[MissionQuery | None, FilterError | None]:
    try:
        return parse_mission_query(request.GET), None
    except FilterError as error:
        return None, error


@cached_page
def mission_list(request: HttpRequest) -> HttpResponse:
    query, error = _query_or_error(request)
    if query is None:
        assert error is not None
        context = {"error": error, "facets": {}, "page": None, "query": MissionQuery()}
        return refuse_parameter(
            request, "web/mission_list.html", context, error.parameter, error.message
        )
    # The counts change only with the plan: computed once per plan generation and
    # filter set, whatever the ordering, page or language.
    counts = plan_cached(
        f"mission-facets:{query.filter_key}", lambda: facet_counts(query)
    )
    page, querystring = page_of(request, filter_missions(query), counts.count)
    facets = label_facets(counts)
    context = {
        "query": query,
        "page": page,
        "facets": [(name, FACET_LABELS[name], facets[name]) for name in FACETS],
        "orderings": ORDERINGS,
        "querystring": querystring,
        "selected": {name: set(query.multi(name)) for name in FACETS},
    }

    def data() -> dict[str, Any]:
        return {
            **page_data(request, page),
            "missions": [mission_summary(m) for m in page.object_list],
            "facets": {
                name: [
                    {"value": v, "label": label, "count": n} for v, label, n in values
                ]
                for name, values in facets.items()
            },
        }

    return respond(request, "web/mission_list.html", context, data)


FACET_LABELS = {
    "agency": _("Agency (lead or partner)"),
    "destination": _("Destination"),
    "status": _("Status"),
    "kind": _("Kind"),
    "crewed": _("Crewed or robotic"),
    "confidence": _("Confidence"),
    "objective": _("Objective"),
}


def mission_export(request: HttpRequest, extension: str) -> HttpResponse:
    """Download every mission the list's filters select, in the list's order."""
    query, error = _query_or_error(request)
    if query is None:
        assert error is not None
        return HttpResponse(
            f"{error.parameter}: {error.message}\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rows = list(mission_rows(filter_missions(query)))
    if extension == "csv":
        rendered = render_csv("missions.csv", MISSION_COLUMNS, rows)
    else:
        rendered = render_json("missions.json", {"count": len(rows), "missions": rows})
    return rendered.as_download()


@cached_page
def mission_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if wants_json(request):
        # The API's mission object, kept for the plan generation.
        found = current.mission_detail(slug)
        if found is None:
            raise Http404(slug)
        return respond(request, "web/mission.html", {}, lambda: found[1])
    # Everything below the header is the same for every reader of one kind in one
    # language: rendered once per plan generation and shared. Editors see notes
    # and withheld sources that readers must not, so they never share one.
    editor = has_role(request.user)
    key = f"mission-page:{slug}:{get_language()}:{'editor' if editor else 'reader'}"
    kept = plan_cached(key, lambda: _mission_content(slug, editor))
    if kept is None:
        raise Http404(slug)
    name, content = kept
    context = {"mission_name": name, "content": mark_safe(content)}
    return respond(request, "web/mission.html", context, dict)


def _mission_content(slug: str, editor_view: bool) -> tuple[str, str] | None:
    """Return the mission's name and its page's content, or None when none is."""
    mission = (
        detailed_missions()
        .prefetch_related(
            # In their order, without joining the mission to order by it.
            Prefetch("statements", PlanStatement.objects.order_by("position", "pk")),
            Prefetch("events", MissionEvent.objects.order_by("position", "pk")),
        )
        .filter(slug=slug)
        .first()
    )
    if mission is None:
        return None
    statements = [
        (statement, ordered_sources(statement.sources))
        for statement in mission.statements.all()
    ]
    events = [(event, ordered_sources(event.sources)) for event in mission.events.all()]
    context = {
        "mission": mission,
        # What each published edition said, by its current issue: a superseded
        # first issue is read on its own page, with its correction.
        "plans": list(mission.edition_plans.all()),
        "revisions": mission_revisions(mission),
        "statements": statements,
        "events": events,
        "sources": ordered_sources(mission.sources.all()),
        "in_editions": _in_editions(mission),
        "images": images_of(mission),
        "editor_view": editor_view,
    }
    return mission.name, render_to_string("web/_mission_content.html", context)


def _in_editions(mission: Mission) -> list[tuple[Edition, str]]:
    """Return (edition, presence) for the editions checked for the mission."""
    if not mission.in_editions:
        return []
    editions = Edition.objects.filter(code__in=list(mission.in_editions)).defer(
        "snapshot"
    )
    return [(edition, mission.in_editions[edition.code]) for edition in editions]
