"""The roadmap editions, each edition's page and its snapshot download."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

from cachetools import LRUCache
from django.db.models import Count, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ger.charts.scenario import ScenarioMission, body_of, render_scenario
from ger.datalicence import data_licence
from ger.editions.models import Edition
from ger.exports.contract import render_json
from ger.exports.datapackage import edition_attribution
from ger.exports.roadmap import parse_snapshot_date
from ger.http.caching import (
    IMMUTABLE,
    immutable_read,
    public_read,
)
from ger.http.negotiation import respond
from ger.http.pages import cached_page
from ger.http.pagination import page_data, page_of
from ger.imagery.models import Image
from ger.imagery.services import edition_images
from ger.plancache import plan_cached, published_identity, published_identity_of
from ger.plans.names import translated_destination_names
from ger.web.serializers import edition_summary, erratum_data, erratum_links

CURRENT_ISSUE = "public, max-age=3600"


@cached_page
def edition_list(request: HttpRequest) -> HttpResponse:
    editions = list(
        Edition.objects.public()
        .defer("snapshot")
        .annotate(plan_count=Count("plans"))
        .order_by("released_on", "code")
    )
    # Drafts have no release date yet: list them last, as "now".
    editions.sort(key=lambda e: (e.released_on is None, e.released_on or 0, e.code))
    # A corrected issue stays readable, listed apart with the re-issue that
    # corrects it; the main list holds each edition's current issue.
    corrected_by = {
        e.supersedes_id: e for e in editions if e.supersedes_id and e.is_published
    }
    current = [e for e in editions if e.pk not in corrected_by]
    superseded = [(e, corrected_by[e.pk]) for e in editions if e.pk in corrected_by]

    def data() -> dict[str, Any]:
        return {
            "editions": [
                {
                    **edition_summary(e),
                    # Annotated above; the stubs lose annotations on custom querysets.
                    "plans": e.plan_count,  # type: ignore[attr-defined]
                    "superseded_by": corrected_by[e.pk].code
                    if e.pk in corrected_by
                    else None,
                }
                for e in editions
            ]
        }

    context = {"editions": current, "superseded": superseded}
    return respond(request, "web/edition_list.html", context, data)


def _published(slug: str) -> str | None:
    """Return the identity of the published edition ``slug`` names, if there is one."""
    edition = Edition.objects.published().defer("snapshot").filter(slug=slug).first()
    return published_identity(edition) if edition else None


def _published_page_identity(slug: str) -> str | None:
    """Return what names the page of a published edition: its content and erratum.

    A published edition's content never changes, but its page gains a notice once
    a corrected re-issue supersedes it.
    """
    later = Edition.objects.published().filter(supersedes=OuterRef("pk"))
    edition = (
        Edition.objects.published()
        .defer("snapshot")
        .annotate(corrected_by=Subquery(later.values("snapshot_sha256")[:1]))
        .filter(slug=slug)
        .first()
    )
    if edition is None:
        return None
    sha = getattr(edition, "corrected_by", None)  # the annotation above
    corrected = f":corrected-by:{sha}" if sha else ""
    return published_identity(edition) + corrected


@dataclass(frozen=True)
class _Snapshot:
    """An edition's snapshot, kept compact: each mission and dependency as JSON text.

    At 100,000 missions a snapshot parsed into dictionaries takes about four times
    the memory of its text; a page decodes only its own missions.
    """

    rest: dict[str, Any]
    missions: list[str]
    # (from, to, the dependency as JSON)
    dependencies: list[tuple[str, str, str]]

    @classmethod
    def of(cls, snapshot: dict[str, Any]) -> _Snapshot:
        return cls(
            rest={
                key: value
                for key, value in snapshot.items()
                if key not in {"missions", "dependencies"}
            },
            missions=[_compact(m) for m in snapshot.get("missions", [])],
            dependencies=[
                (d.get("from", ""), d.get("to", ""), _compact(d))
                for d in snapshot.get("dependencies", [])
            ],
        )

    def dependencies_of(self, slugs: set[str]) -> list[dict[str, Any]]:
        """Return the dependencies from or to any of the missions ``slugs``."""
        return [
            json.loads(text)
            for upstream, downstream, text in self.dependencies
            if upstream in slugs or downstream in slugs
        ]


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _KeptSnapshots:
    """This process's last few edition snapshots, by what names their content.

    Reading and checking a snapshot (megabytes of JSON at scale) costs far more
    than rendering a page of it. Each is kept under a key holding its SHA-256, so a
    changed snapshot is a new key, never a stale entry. A cachetools LRU behind a
    lock (the LRU itself is not thread-safe).
    """

    def __init__(self, size: int) -> None:
        self._kept: LRUCache[str, _Snapshot] = LRUCache(maxsize=size)
        self._lock = threading.Lock()

    def get(self, key: str) -> _Snapshot | None:
        with self._lock:
            return self._kept.get(key)

    def put(self, key: str, snapshot: _Snapshot) -> None:
        with self._lock:
            self._kept[key] = snapshot


# About 20 MB each for an edition of 40,000 missions.
SNAPSHOTS_KEPT = 4
_SNAPSHOTS = _KeptSnapshots(SNAPSHOTS_KEPT)


def edition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Read per plan generation (publishing a re-issue starts a new one), not kept
    # for good: the page of a published edition changes once, when it is corrected.
    identity = plan_cached(
        f"web-edition-page:{slug}", lambda: _published_page_identity(slug)
    )
    if identity is not None:
        # Never changes: each page rendered once per process, language and format
        # (its downloads are linked always and built on first request).
        return immutable_read(
            request,
            f"edition-page:{identity}",
            lambda: _published_page(request, slug, identity),
            anonymous_only=True,
        )
    # The snapshot (megabytes for a large plan) is loaded only when not kept.
    edition = get_object_or_404(Edition.objects.public().defer("snapshot"), slug=slug)
    return public_read(
        request, lambda: _edition_page(request, edition, _draft_snapshot(edition))
    )


def _published_page(request: HttpRequest, slug: str, identity: str) -> HttpResponse:
    snapshot = _SNAPSHOTS.get(identity)
    if snapshot is not None:
        edition = get_object_or_404(
            Edition.objects.public().defer("snapshot"), slug=slug
        )
    else:
        edition = get_object_or_404(Edition.objects.public(), slug=slug)
        # Checked against its SHA-256 once per process: the identity holds it.
        snapshot = _Snapshot.of(edition.verified_snapshot())
        _SNAPSHOTS.put(identity, snapshot)
    return _edition_page(request, edition, snapshot)


def _draft_snapshot(edition: Edition) -> _Snapshot:
    """Return the snapshot of an unpublished edition (read again when it changed)."""
    key = f"draft:{edition.pk}:{edition.snapshot_sha256}"
    snapshot = _SNAPSHOTS.get(key) if edition.snapshot_sha256 else None
    if snapshot is None:
        stored = Edition.objects.filter(pk=edition.pk).values_list(
            "snapshot", flat=True
        )
        snapshot = _Snapshot.of(stored.first() or {})
        if edition.snapshot_sha256:
            # Every writer of a snapshot stores its SHA-256 with it.
            _SNAPSHOTS.put(key, snapshot)
    return snapshot


# Above this many missions the infographic's cells would hold unreadable stacks.
SCENARIO_LIMIT = 150


def _scenario(
    edition: Edition, snapshot: _Snapshot, destinations: dict[str, str]
) -> SafeString | None:
    """Return the mission scenario infographic of a published edition, or None."""
    if not edition.is_published or not 0 < len(snapshot.missions) <= SCENARIO_LIMIT:
        return None
    missions = []
    for text in snapshot.missions:
        item = json.loads(text)
        planned = parse_snapshot_date(item.get("planned_launch"))
        slug = item.get("destination") or ""
        missions.append(
            ScenarioMission(
                name=item.get("name") or slug,
                lane=destinations.get(slug, slug or _("not recorded")),
                year=planned.start.year if planned else None,
                lead=item.get("lead") or "",
                crewed=bool(item.get("crewed")),
                body=body_of(slug),
            )
        )
    # From low Earth orbit outwards: a snapshot lists its destinations in the
    # tree's order (and ``destination_names`` reads them in that order too).
    rest = [m.lane for m in missions]
    lanes = list(dict.fromkeys([*destinations.values(), *rest]))
    released = edition.released
    as_of = (
        _("As of %(date)s") % {"date": date_format(released.end, "YEAR_MONTH_FORMAT")}
        if released
        else ""
    )
    return mark_safe(render_scenario(missions, lanes, as_of))  # escaped parts


def _images(edition: Edition) -> list[Image]:
    """Return the edition page's images, kept for the plan generation."""
    published = edition.published_at.isoformat() if edition.published_at else ""
    return plan_cached(
        f"web-edition-images:{edition.pk}:{published}",
        lambda: edition_images(edition),
    )


def _edition_page(
    request: HttpRequest, edition: Edition, snapshot: _Snapshot
) -> HttpResponse:
    page, querystring = page_of(request, snapshot.missions)
    missions = [json.loads(text) for text in page.object_list]
    # The names the snapshot recorded; a first-format snapshot holds slugs only,
    # shown with today's names of those places.
    destinations = translated_destination_names(
        {item["slug"]: item["name"] for item in snapshot.rest.get("destinations", [])}
    )
    rows = [
        {
            **mission,
            "destination_name": destinations.get(
                mission.get("destination") or "", mission.get("destination")
            ),
        }
        for mission in missions
    ]
    erratum = erratum_links(edition)
    context = {
        "scenario": _scenario(
            edition, snapshot, {slug: str(name) for slug, name in destinations.items()}
        ),
        "edition": edition,
        "page": page,
        "missions": rows,
        "querystring": querystring,
        "members": snapshot.rest.get("agencies", []),
        "erratum": erratum,
        "data_licence": data_licence(),
        # A published edition's line comes from its snapshot, as its data package's.
        "data_attribution": edition_attribution(
            edition, snapshot.rest.get("edition", {})
        )
        if edition.is_published
        else "",
        # Linked only once built: an unbuilt edition's PDF would answer 404.
        "images": _images(edition),
    }

    response = respond(
        request,
        "web/edition.html",
        context,
        lambda: _edition_data(request, snapshot, missions, context),
    )
    if edition.is_published:
        # A superseded issue's page is final; a current one may still gain an
        # erratum notice, so shared caches check back within the hour.
        final = erratum["superseded_by"] is not None
        response["Cache-Control"] = IMMUTABLE if final else CURRENT_ISSUE
    return response


def _edition_data(
    request: HttpRequest,
    snapshot: _Snapshot,
    missions: list[dict[str, Any]],
    context: dict[str, Any],
) -> dict[str, Any]:
    """Return the edition page's JSON twin: its page of the snapshot's missions."""
    edition: Edition = context["edition"]
    return {
        **edition_summary(edition),
        "notes": edition.notes,
        "themes": edition.themes,
        "sources": edition.sources,
        **page_data(request, context["page"]),
        # The snapshot with this page of its missions and their dependencies;
        # the whole of it is the snapshot download.
        "snapshot": {
            **snapshot.rest,
            "missions": missions,
            "dependencies": snapshot.dependencies_of(
                {mission.get("slug", "") for mission in missions}
            ),
        },
        "snapshot_url": request.build_absolute_uri(
            reverse("web:edition_snapshot", args=[edition.slug])
        ),
        "erratum": erratum_data(context["erratum"]),
        "licence": context["data_licence"].as_descriptor(),
        "attribution": context["data_attribution"] or None,
    }


def edition_snapshot(request: HttpRequest, slug: str) -> HttpResponse:
    """Download the edition's snapshot (verified against its SHA-256 when published)."""
    identity = published_identity_of(f"web-edition:{slug}", lambda: _published(slug))
    if identity is None:
        return _snapshot_download(
            get_object_or_404(Edition.objects.public(), slug=slug)
        )
    return immutable_read(
        request,
        f"edition-snapshot:{identity}",
        lambda: _snapshot_download(
            get_object_or_404(Edition.objects.public(), slug=slug)
        ),
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
