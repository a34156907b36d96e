"""Editions and their frozen snapshots (immutable, so cacheable forever)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import P, QueryEx, Router

from ger.api import serialize
from ger.api.caching import json_response
from ger.api.resources.paging import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, paginate
from ger.api.schemas import EditionOut, EditionPage, ErrorOut
from ger.editions.models import Edition

router = Router(tags=["editions"])


def public_editions() -> QuerySet[Edition]:
    """Return the editions anyone may read: published ones and the working draft."""
    return Edition.objects.filter(
        Q(status=Edition.Status.PUBLISHED) | Q(kind=Edition.Kind.WORKING_DRAFT)
    )


def find_edition(key: str) -> Edition:
    edition = public_editions().filter(Q(slug=key) | Q(code=key)).first()
    if edition is None:
        raise Http404(f"no published edition {key!r}")
    return edition


@router.get(
    "/editions", response={200: EditionPage, 422: ErrorOut}, summary="List editions"
)
def list_editions(
    request: HttpRequest,
    limit: QueryEx[int, P(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    offset: QueryEx[int, P(ge=0, le=MAX_OFFSET)] = 0,
) -> HttpResponse:
    """Every public edition, oldest first; the working draft last."""
    editions = list(public_editions().order_by("released_on", "code"))
    editions.sort(key=lambda e: (e.released_on is None, e.released_on or 0, e.code))
    return json_response(request, paginate(editions, limit, offset, serialize.edition))


@router.get(
    "/editions/{key}", response={200: EditionOut, 404: ErrorOut}, summary="One edition"
)
def get_edition(request: HttpRequest, key: str) -> HttpResponse:
    edition = find_edition(key)
    if edition.is_published:
        return json_response(
            request,
            serialize.edition(edition),
            etag=f"{edition.code}-{edition.snapshot_sha256}",
            immutable=True,
        )
    return json_response(request, serialize.edition(edition))


@router.get(
    "/editions/{key}/snapshot",
    response={200: dict[str, Any], 404: ErrorOut},
    summary="An edition's snapshot",
)
def get_snapshot(request: HttpRequest, key: str) -> HttpResponse:
    """The edition's content; for a published edition, verified against its SHA-256."""
    edition = find_edition(key)
    if edition.is_published:
        return json_response(
            request,
            edition.verified_snapshot(),
            etag=edition.snapshot_sha256,
            immutable=True,
        )
    return json_response(request, edition.snapshot or {})
