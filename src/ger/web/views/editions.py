"""The roadmap editions, each edition's page and its snapshot download."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from ger.api.caching import (
    IMMUTABLE,
    immutable_read,
    public_read,
    published_identity,
    published_identity_of,
)
from ger.editions.models import Edition
from ger.exports.contract import render_json
from ger.web.negotiation import respond
from ger.web.serializers import edition_summary
from ger.web.views.cached import cached_page


def public_editions() -> QuerySet[Edition]:
    """Return the editions the public may read: published ones and the working draft."""
    return Edition.objects.filter(
        Q(status=Edition.Status.PUBLISHED) | Q(kind=Edition.Kind.WORKING_DRAFT)
    )


@cached_page
def edition_list(request: HttpRequest) -> HttpResponse:
    editions = list(
        public_editions()
        .defer("snapshot")
        .annotate(plan_count=Count("plans"))
        .order_by("released_on", "code")
    )
    # Drafts have no release date yet: list them last, as "now".
    editions.sort(key=lambda e: (e.released_on is None, e.released_on or 0, e.code))

    def data() -> dict[str, Any]:
        return {
            "editions": [
                {**edition_summary(e), "plans": e.plan_count} for e in editions
            ]
        }

    return respond(request, "web/edition_list.html", {"editions": editions}, data)


def _published(slug: str) -> str | None:
    """Return the identity of the published edition ``slug`` names, if there is one."""
    edition = Edition.objects.published().defer("snapshot").filter(slug=slug).first()
    return published_identity(edition) if edition else None


def edition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    identity = published_identity_of(f"web-edition:{slug}", lambda: _published(slug))
    if identity is not None:
        # Never changes: rendered once per process, language and format.
        return immutable_read(
            request,
            f"edition-page:{identity}",
            lambda: _edition_page(
                request, get_object_or_404(public_editions(), slug=slug)
            ),
            anonymous_only=True,
        )
    # The snapshot (megabytes for a large plan) is loaded only when rendering.
    edition = get_object_or_404(public_editions().defer("snapshot"), slug=slug)
    return public_read(request, lambda: _edition_page(request, edition))


def _edition_page(request: HttpRequest, edition: Edition) -> HttpResponse:
    snapshot = (
        edition.verified_snapshot() if edition.is_published else edition.snapshot or {}
    )
    missions = snapshot.get("missions", [])
    members = snapshot.get("agencies", [])
    context = {"edition": edition, "missions": missions, "members": members}

    def data() -> dict[str, Any]:
        return {
            **edition_summary(edition),
            "notes": edition.notes,
            "themes": edition.themes,
            "sources": edition.sources,
            "snapshot": snapshot,
        }

    response = respond(request, "web/edition.html", context, data)
    if edition.is_published:
        # Frozen content: any cache may keep it (per Accept, Cookie and language).
        response["Cache-Control"] = IMMUTABLE
    return response


def edition_snapshot(request: HttpRequest, slug: str) -> HttpResponse:
    """Download the edition's snapshot (verified against its SHA-256 when published)."""
    identity = published_identity_of(f"web-edition:{slug}", lambda: _published(slug))
    if identity is None:
        return _snapshot_download(get_object_or_404(public_editions(), slug=slug))
    return immutable_read(
        request,
        f"edition-snapshot:{identity}",
        lambda: _snapshot_download(get_object_or_404(public_editions(), slug=slug)),
    )


def _snapshot_download(edition: Edition) -> HttpResponse:
    snapshot = (
        edition.verified_snapshot() if edition.is_published else edition.snapshot or {}
    )
    response = render_json(f"ger-{edition.slug}.json", snapshot).as_download()
    if edition.is_published:
        response["ETag"] = f'"{edition.snapshot_sha256}"'
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
