"""Plain-data forms of records for the JSON twins of pages (a mission has the
API's shape, ``ger.exports.serialize``; these are the page-only summaries)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ger.editions.models import Edition
from ger.plandates import PlanDate
from ger.registry.models import Agency


def date_text(date: PlanDate | None) -> str | None:
    return None if date is None else str(date)


def agency_summary(agency: Agency) -> dict[str, Any]:
    membership = getattr(agency, "membership", None)
    return {
        "code": agency.code,
        "slug": agency.slug,
        "name": agency.name,
        "name_local": agency.name_local,
        "country": agency.country,
        "kind": agency.kind,
        "member_since": date_text(membership.joined) if membership else None,
        "founding_member": membership.founding if membership else False,
        "url": agency.get_absolute_url(),
    }


def edition_summary(edition: Edition) -> dict[str, Any]:
    return {
        "code": edition.code,
        "slug": edition.slug,
        "title": edition.title,
        "kind": edition.kind,
        "status": edition.status,
        "released": date_text(edition.released),
        "participating_count": edition.participating_count,
        "snapshot_sha256": edition.snapshot_sha256 or None,
        "url": edition.get_absolute_url(),
    }


def erratum_links(edition: Edition) -> dict[str, Any]:
    """Return the issues an edition corrects and is corrected by, with the reasons.

    ``supersedes`` is the issue this one corrects (with this one's reason),
    ``superseded_by`` the published re-issue that corrects this one (with its).
    One query reads both.
    """
    links = Q(supersedes=edition, status=Edition.Status.PUBLISHED)
    if edition.supersedes_id is not None:
        links |= Q(pk=edition.supersedes_id)
    original = later = None
    for other in Edition.objects.defer("snapshot").filter(links):
        if other.pk == edition.supersedes_id:
            original = other
        else:
            later = other
    return {
        "supersedes": original,
        "reason": edition.erratum_reason,
        "superseded_by": later,
        "superseded_reason": later.erratum_reason if later is not None else "",
    }


def erratum_data(links: dict[str, Any]) -> dict[str, Any] | None:
    """Return an edition's erratum links as JSON-ready data (None when it has none)."""
    if links["supersedes"] is None and links["superseded_by"] is None:
        return None
    return {
        "supersedes": edition_summary(links["supersedes"])
        if links["supersedes"] is not None
        else None,
        "reason": links["reason"] or None,
        "superseded_by": edition_summary(links["superseded_by"])
        if links["superseded_by"] is not None
        else None,
        "superseded_reason": links["superseded_reason"] or None,
    }
