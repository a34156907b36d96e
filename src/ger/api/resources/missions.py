"""Missions: the current plan, or the plan as an edition stated it."""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import P, QueryEx, Router

from ger.api.errors import ApiError
from ger.api.resources.paging import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_OFFSET,
    paginate,
)
from ger.api.schemas import ErrorOut, MissionDetailOut, MissionPage
from ger.editions.models import Edition, EditionPlan
from ger.exports import current, serialize
from ger.http.caching import json_response, public_read
from ger.plancache import plan_cached
from ger.plans.filters import (
    ORDERINGS,
    MissionQuery,
    filter_missions,
    parse_mission_query,
)
from ger.plans.models import Mission
from ger.search.queries import search_mission_slugs

router = Router(tags=["missions"])
MULTI = "comma-separated values"
Ordering = Literal[
    "planned", "-planned", "name", "-name", "lead", "status", "launched", "-launched"
]


def _choices(values: list[str]) -> str:
    """Return a pattern for a comma-separated list of ``values``."""
    one = "(" + "|".join(values) + ")"
    return f"^{one}(,{one})*$"


def _edition(key: str) -> Edition:
    edition = Edition.objects.public().by_key(key)
    if edition is None:
        # The parameter is well-formed but names nothing: like an unknown id, a 404.
        raise ApiError(
            404,
            f"edition: no published edition {key!r}",
            {"edition": "unknown edition"},
        )
    return edition


def _as_stated(
    edition: Edition, query: MissionQuery, matching: QuerySet[Mission]
) -> QuerySet[EditionPlan]:
    plans = (
        edition.plans.filter(mission__in=matching.values("pk"))
        .select_related("edition", "mission__lead", "mission__destination")
        .defer("edition__snapshot")
        .prefetch_related("mission__partnerships__agency")
    )
    if query.planned_after is not None:
        plans = plans.filter(launch_on__year__gte=query.planned_after)
    if query.planned_before is not None:
        plans = plans.filter(launch_on__year__lte=query.planned_before)
    if query.ordering in {"planned", "-planned"}:
        sign = "-" if query.ordering.startswith("-") else ""
        return plans.order_by(f"{sign}launch_on", "mission__slug")
    return plans.order_by(
        *(
            f"{'-' if f.startswith('-') else ''}mission__{f.lstrip('-')}"
            for f in ORDERINGS[query.ordering]
        )
    )


# The list's query parameters (django-ninja reads their annotations).
AgencyCodes = QueryEx[
    str | None, P(description=f"lead or partner agency codes, {MULTI}")
]
LeadCodes = QueryEx[str | None, P(description=f"lead agency codes, {MULTI}")]
PartnerCodes = QueryEx[str | None, P(description=f"partner agency codes, {MULTI}")]
DestinationSlugs = QueryEx[
    str | None,
    P(description=f"destination slugs with their sub-destinations, {MULTI}"),
]
Statuses = QueryEx[
    str | None,
    P(description=f"statuses, {MULTI}", pattern=_choices(Mission.Status.values)),
]
Kinds = QueryEx[
    str | None,
    P(description=f"kinds, {MULTI}", pattern=_choices(Mission.Kind.values)),
]
Confidences = QueryEx[
    str | None,
    P(
        description=f"confidence levels, {MULTI}",
        pattern=_choices(Mission.Confidence.values),
    ),
]
ObjectiveCodes = QueryEx[str | None, P(description=f"objective codes, {MULTI}")]
FirstYear = QueryEx[int | None, P(ge=1900, le=2200, description="first year")]
LastYear = QueryEx[int | None, P(ge=1900, le=2200, description="last year")]
SearchWords = QueryEx[
    str | None,
    P(max_length=200, description="words in names, aliases, agencies, descriptions"),
]
EditionKey = QueryEx[
    str | None,
    P(description="read the plan as this edition (slug or code) stated it"),
]
Limit = QueryEx[int, P(ge=1, le=MAX_LIMIT)]
Offset = QueryEx[int, P(ge=0, le=MAX_OFFSET)]


@router.get(
    "/missions",
    response={200: MissionPage, 404: ErrorOut, 422: ErrorOut},
    summary="List missions",
)
def list_missions(
    request: HttpRequest,
    agency: AgencyCodes = None,
    lead: LeadCodes = None,
    partner: PartnerCodes = None,
    destination: DestinationSlugs = None,
    status: Statuses = None,
    kind: Kinds = None,
    confidence: Confidences = None,
    objective: ObjectiveCodes = None,
    crewed: bool | None = None,
    planned_after: FirstYear = None,
    planned_before: LastYear = None,
    ordering: Ordering = "planned",
    search: SearchWords = None,
    edition: EditionKey = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> HttpResponse:
    """Missions matching every filter given."""
    given = {
        "agency": agency,
        "lead": lead,
        "partner": partner,
        "destination": destination,
        "status": status,
        "kind": kind,
        "confidence": confidence,
        "objective": objective,
        "crewed": None if crewed is None else str(crewed).lower(),
        "planned_after": None if planned_after is None else str(planned_after),
        "planned_before": None if planned_before is None else str(planned_before),
        "ordering": ordering,
    }
    return public_read(
        request, lambda: _list(request, given, search, edition, limit, offset)
    )


def _list(
    request: HttpRequest,
    given: dict[str, str | None],
    search: str | None,
    edition: str | None,
    limit: int,
    offset: int,
) -> HttpResponse:
    params = {name: value for name, value in given.items() if value is not None}
    query = parse_mission_query(params, reversed_range_is_error=False)
    stated = _edition(edition) if edition else None
    if stated is not None and stated.kind != Edition.Kind.WORKING_DRAFT:
        dateless = MissionQuery(
            values=query.values, crewed=query.crewed, ordering=query.ordering
        )
        plans = _as_stated(stated, query, filter_missions(dateless, _found(search)))
        page = paginate(plans, limit, offset, serialize.mission_as_stated)
        return json_response(request, page, immutable=False)
    return json_response(request, _current_page(query, search, limit, offset))


def _found(search: str | None) -> QuerySet[Mission]:
    """Return every mission, or those the search words find."""
    if search:
        return Mission.objects.filter(slug__in=search_mission_slugs(search))
    return Mission.objects.all()


def _current_page(
    query: MissionQuery,
    search: str | None,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    """Return a page of the current plan's missions.

    Which missions a filter, order and window select changes only with the plan, as
    the list page's facet counts do: their ids and the count are kept for the plan
    generation (the count for every window and order), and each mission's summary
    for the generation in this process (``current.summaries_of``).
    """
    filters = f"{query.filter_key}|{search or ''}"

    def select() -> tuple[int, list[int]]:
        matching = filter_missions(query, _found(search))
        total = plan_cached(f"api-mission-count:{filters}", matching.count)
        return total, current.page_ids(matching[offset : offset + limit])

    total, ids = plan_cached(
        f"api-mission-page:{filters}|{query.ordering}|{offset}|{limit}", select
    )
    return {
        "count": total,
        "limit": limit,
        "offset": offset,
        "results": current.summaries_of(ids),
    }


@router.get(
    "/missions/{slug}",
    response={200: MissionDetailOut, 404: ErrorOut},
    summary="One mission",
)
def get_mission(request: HttpRequest, slug: str) -> HttpResponse:
    """Every field of a mission, its plans by edition, dependencies and sources."""
    return public_read(request, lambda: _detail(request, slug))


def _detail(request: HttpRequest, slug: str) -> HttpResponse:
    # The same for every reader: kept for the plan generation (ger.exports.current).
    found = current.mission_detail(slug)
    if found is None:
        raise Http404(f"no mission {slug!r}")
    etag, data = found
    return json_response(request, data, etag=etag)
