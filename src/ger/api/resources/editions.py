"""Editions and their frozen snapshots (immutable, so cacheable forever)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import P, QueryEx, Router

from ger.api.resources.paging import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, paginate
from ger.api.schemas import EditionOut, EditionPage, ErrorOut
from ger.editions.models import Edition
from ger.exports import serialize
from ger.http.caching import (
    immutable_read,
    json_response,
    public_read,
)
from ger.plancache import plan_cached, published_identity, published_identity_of

router = Router(tags=["editions"])


def find_edition(key: str) -> Edition:
    """Return the public edition ``key`` names, without its snapshot (loaded on use)."""
    edition = Edition.objects.public().defer("snapshot").by_key(key)
    if edition is None:
        raise Http404(f"no published edition {key!r}")
    return edition


def _published(key: str) -> str | None:
    """Return the identity of the published edition ``key`` names, if there is one."""
    edition = Edition.objects.published().defer("snapshot").by_key(key)
    return published_identity(edition) if edition else None


def published_key(key: str) -> str | None:
    """Like ``_published``, read from the cache of the current plan when it can."""
    return published_identity_of(f"api-edition:{key}", lambda: _published(key))


@router.get(
    "/editions", response={200: EditionPage, 422: ErrorOut}, summary="List editions"
)
def list_editions(
    request: HttpRequest,
    limit: QueryEx[int, P(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    offset: QueryEx[int, P(ge=0, le=MAX_OFFSET)] = 0,
) -> HttpResponse:
    """Every public edition, oldest first; the working draft last."""

    def render() -> HttpResponse:
        editions = list(
            Edition.objects.public().defer("snapshot").order_by("released_on", "code")
        )
        editions.sort(key=lambda e: (e.released_on is None, e.released_on or 0, e.code))
        corrected_by = serialize.corrections()
        page = paginate(
            editions, limit, offset, lambda e: serialize.edition(e, corrected_by)
        )
        return json_response(request, page)

    return public_read(request, render)


@router.get(
    "/editions/{key}", response={200: EditionOut, 404: ErrorOut}, summary="One edition"
)
def get_edition(request: HttpRequest, key: str) -> HttpResponse:
    """One edition; a superseded issue names the re-issue that corrects it."""
    identity = published_key(key)
    if identity is not None:
        # The record gains ``superseded_by`` once a re-issue corrects it: until
        # then it is not final, and the correction is part of what names it.
        corrected = plan_cached("api-edition-corrections", serialize.corrections)
        identity = f"{identity}:{sorted(corrected.items())}"

        def render() -> HttpResponse:
            edition = find_edition(key)
            later = corrected.get(edition.pk)
            return json_response(
                request,
                serialize.edition(edition, corrected),
                etag=f"{edition.code}-{edition.snapshot_sha256}-{later or 'current'}",
                immutable=later is not None,
            )

        return immutable_read(request, f"edition:{identity}", render)
    edition = find_edition(key)
    return public_read(
        request, lambda: json_response(request, serialize.edition(edition))
    )


@router.get(
    "/editions/{key}/snapshot",
    response={200: dict[str, Any], 404: ErrorOut},
    summary="An edition's snapshot",
)
def get_snapshot(request: HttpRequest, key: str) -> HttpResponse:
    """The edition's content; for a published edition, verified against its SHA-256."""
    identity = published_key(key)
    if identity is not None:

        def render() -> HttpResponse:
            # Verified against its SHA-256 when first read, then kept as bytes.
            edition = find_edition(key)
            return json_response(
                request,
                edition.verified_snapshot(),
                etag=edition.snapshot_sha256,
                immutable=True,
            )

        return immutable_read(request, f"snapshot:{identity}", render)
    edition = find_edition(key)
    return public_read(request, lambda: json_response(request, edition.snapshot or {}))
