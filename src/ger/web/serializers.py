"""Plain-data forms of records for the JSON twins of pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ger.editions.models import Edition, EditionPlan
from ger.plandates import PlanDate
from ger.plans.models import Mission
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


def mission_summary(mission: Mission) -> dict[str, Any]:
    return {
        "slug": mission.slug,
        "name": mission.name,
        "lead": mission.lead.code,
        "partners": mission.partner_list(),
        "destination": mission.destination.slug,
        "crewed": mission.crewed,
        "kind": mission.kind,
        "status": mission.status,
        "confidence": mission.confidence,
        "planned_launch": date_text(mission.planned_launch),
        "actual_launch": date_text(mission.actual_launch),
        "uncertain": mission.uncertain,
        "url": mission.get_absolute_url(),
    }


def mission_detail(mission: Mission, plans: list[EditionPlan]) -> dict[str, Any]:
    return {
        **mission_summary(mission),
        "aliases": mission.aliases,
        "planned_launch_note": mission.planned_launch_note,
        "ended": date_text(mission.ended),
        "outcome": mission.outcome_note,
        "landing_site": {
            "name": mission.site_name,
            "latitude": mission.site_latitude,
            "longitude": mission.site_longitude,
            "kind": mission.site_kind,
            "uncertain": mission.site_uncertain,
            "note": mission.site_note,
        }
        if mission.site_name or mission.site_latitude is not None
        else None,
        "description": mission.description,
        "uncertain_note": mission.uncertain_note,
        "plans": [
            {
                "edition": plan.edition.code,
                "planned_launch": date_text(plan.launch),
                "statement": plan.statement,
                "in_edition": plan.in_edition,
                "basis": plan.basis,
            }
            for plan in plans
        ],
        "depends_on": [
            {"mission": d.upstream.slug, "kind": d.kind, "lag_months": d.lag_months}
            for d in mission.depends_on.all()
        ],
        "enables": [
            {"mission": d.downstream.slug, "kind": d.kind, "lag_months": d.lag_months}
            for d in mission.enables.all()
        ],
        "objectives": [
            {"code": link.objective.code, "basis": link.basis}
            for link in mission.objective_links.all()
        ],
        "capabilities": [
            {"code": link.capability.code, "direction": link.direction}
            for link in mission.capability_links.all()
        ],
        "sources": [
            {"url": s.url, "title": s.title, "about": s.about}
            for s in mission.sources.all()
        ],
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
