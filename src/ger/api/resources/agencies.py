"""Agencies and destinations: the registry as data."""

from __future__ import annotations

from typing import Literal

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from ninja import P, QueryEx, Router

from ger.api.resources.paging import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, paginate
from ger.api.schemas import (
    AgencyOut,
    AgencyPage,
    DestinationOut,
    DestinationPage,
    ErrorOut,
)
from ger.exports import serialize
from ger.http.caching import json_response, public_read
from ger.plans.models import Destination
from ger.registry.models import Agency

router = Router(tags=["registry"])
AGENCY_ORDERINGS = {
    "code": ("code",),
    "-code": ("-code",),
    "name": ("name",),
    "joined": ("membership__joined_on", "code"),
}


@router.get(
    "/agencies", response={200: AgencyPage, 422: ErrorOut}, summary="List agencies"
)
def list_agencies(
    request: HttpRequest,
    member: bool | None = None,
    search: QueryEx[str | None, P(max_length=200)] = None,
    ordering: Literal["code", "-code", "name", "joined"] = "code",
    limit: QueryEx[int, P(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    offset: QueryEx[int, P(ge=0, le=MAX_OFFSET)] = 0,
) -> HttpResponse:
    """Member agencies and the other organisations that take part in missions."""

    def render() -> HttpResponse:
        agencies = Agency.objects.select_related("membership").order_by(
            *AGENCY_ORDERINGS[ordering]
        )
        if member is not None:
            agencies = agencies.filter(membership__isnull=not member)
        text = (search or "").replace("\x00", "")
        if text:
            agencies = agencies.filter(
                Q(code__icontains=text)
                | Q(name__icontains=text)
                | Q(name_local__icontains=text)
                | Q(country__icontains=text)
            )
        return json_response(
            request, paginate(agencies, limit, offset, serialize.agency)
        )

    return public_read(request, render)


@router.get(
    "/agencies/{code}", response={200: AgencyOut, 404: ErrorOut}, summary="One agency"
)
def get_agency(request: HttpRequest, code: str) -> HttpResponse:
    """An agency by its code (``JAXA``) or slug (``pt-space``)."""

    def render() -> HttpResponse:
        agency = (
            Agency.objects.select_related("membership")
            .filter(Q(code=code) | Q(slug=code))
            .first()
        )
        if agency is None:
            raise Http404(f"no agency {code!r}")
        return json_response(request, serialize.agency(agency))

    return public_read(request, render)


@router.get(
    "/destinations",
    response={200: DestinationPage, 422: ErrorOut},
    summary="List destinations",
)
def list_destinations(
    request: HttpRequest,
    limit: QueryEx[int, P(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    offset: QueryEx[int, P(ge=0, le=MAX_OFFSET)] = 0,
) -> HttpResponse:
    """The destination tree, parents before children."""

    def render() -> HttpResponse:
        destinations = Destination.objects.select_related("parent").order_by(
            "position", "slug"
        )
        return json_response(
            request, paginate(destinations, limit, offset, serialize.destination)
        )

    return public_read(request, render)


@router.get(
    "/destinations/{slug}",
    response={200: DestinationOut, 404: ErrorOut},
    summary="One destination",
)
def get_destination(request: HttpRequest, slug: str) -> HttpResponse:

    def render() -> HttpResponse:
        destination = (
            Destination.objects.select_related("parent").filter(slug=slug).first()
        )
        if destination is None:
            raise Http404(f"no destination {slug!r}")
        return json_response(request, serialize.destination(destination))

    return public_read(request, render)
