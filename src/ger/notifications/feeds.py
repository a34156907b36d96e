"""Atom feeds of published editions: for the whole roadmap, and per agency.

Each entry is one published edition; its text says what changed since the edition
before it (for an agency's feed: in that agency's missions only).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from ger.editions.diff import diff_snapshots
from ger.editions.models import Edition, SnapshotCorruptError
from ger.registry.models import Agency

ENTRIES = 20
LISTED = ("added", "removed", "cancelled", "replanned", "changed")


def _editions() -> list[Edition]:
    # Each edition's current issue: a corrected first issue is replaced by its
    # re-issue, which is what readers should compare.
    return list(
        Edition.objects.current().order_by("-released_on", "-id")[: ENTRIES + 1]
    )


def _summaries(
    edition: Edition, previous: Edition | None
) -> dict[str, dict[str, list[str]]] | None:
    if previous is None:
        return None
    try:
        result = diff_snapshots(
            previous.verified_snapshot(), edition.verified_snapshot()
        ).as_dict()
    except SnapshotCorruptError:
        return None
    by_agency: dict[str, dict[str, list[str]]] = result.get("by_agency", {})
    return by_agency


def _describe(summary: dict[str, list[str]]) -> str:
    words = {
        "added": _("added"),
        "removed": _("no longer listed"),
        "cancelled": _("cancelled"),
        "replanned": _("re-planned"),
        "changed": _("changed"),
    }
    return "; ".join(
        f"{words[key]}: {', '.join(str(item) for item in summary.get(key, []))}"
        for key in LISTED
        if summary.get(key)
    )


class RoadmapFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed
    link = "/editions/"

    def title(self) -> str:
        return _("Global Exploration Roadmap: published editions")

    def subtitle(self) -> str:
        return _("Each edition as it is published, with what changed since the last.")

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return None

    def entries(self, agency: Agency | None) -> list[tuple[Edition, str]]:
        editions = _editions()
        found = []
        for index, edition in enumerate(editions[:ENTRIES]):
            previous = editions[index + 1] if index + 1 < len(editions) else None
            summaries = _summaries(edition, previous)
            if summaries is None:
                text = _("The first edition in GER.") if previous is None else ""
            elif agency is None:
                text = " ".join(
                    f"{code} — {_describe(summary)}."
                    for code, summary in sorted(summaries.items())
                    if _describe(summary)
                )
            else:
                if agency.code not in summaries:
                    continue
                text = _describe(summaries[agency.code])
                if not text:
                    continue
            found.append((edition, text or _("No change to the missions.")))
        return found

    def items(self, obj: Any) -> list[tuple[Edition, str]]:
        return self.entries(None)

    def item_title(self, item: tuple[Edition, str]) -> str:
        return item[0].title

    def item_description(self, item: tuple[Edition, str]) -> str:
        return item[1]

    def item_link(self, item: tuple[Edition, str]) -> str:
        return item[0].get_absolute_url()

    def item_pubdate(self, item: tuple[Edition, str]) -> dt.datetime | None:
        edition = item[0]
        if edition.published_at is not None:
            return edition.published_at
        if edition.released_on is not None:
            return dt.datetime.combine(edition.released_on, dt.time(), tzinfo=dt.UTC)
        return timezone.now()


class AgencyFeed(RoadmapFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return get_object_or_404(Agency, code__iexact=kwargs["code"])

    def title(self, obj: Agency) -> str:  # type: ignore[override]
        return _("Global Exploration Roadmap: changes for %(code)s") % {
            "code": obj.code
        }

    def link(self, obj: Agency) -> str:  # type: ignore[override]
        return obj.get_absolute_url()

    def items(self, obj: Any) -> list[tuple[Edition, str]]:
        return self.entries(obj)
