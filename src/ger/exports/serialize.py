"""Records to plain data: the one shape of each record, for the API
(``ger.api.schemas``), the JSON twins of the pages and the exports."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Prefetch, QuerySet

from ger.editions.models import Edition, EditionPlan
from ger.objectives.models import Goal, Objective
from ger.plandates import PlanDate
from ger.plans.models import (
    PLAN_COLUMNS,
    Dependency,
    Destination,
    Mission,
    MissionCapability,
    MissionObjective,
    MissionPartner,
    MissionSource,
)
from ger.registry.models import Agency


def _date(value: PlanDate | None) -> str | None:
    return None if value is None else str(value)


def _sources(sources: list[dict[str, str]]) -> list[dict[str, str]]:
    return [
        {
            "url": s.get("url", ""),
            "title": s.get("title", ""),
            "date": s.get("date", ""),
            "about": s.get("about", ""),
        }
        for s in sources
    ]


def agency(record: Agency) -> dict[str, Any]:
    membership = getattr(record, "membership", None)
    return {
        "code": record.code,
        "slug": record.slug,
        "name": record.name,
        "name_local": record.name_local,
        "kind": record.kind,
        "country": record.country,
        "website": record.website,
        "former_names": record.former_names,
        "member": membership is not None,
        "member_since": _date(membership.joined) if membership else None,
        "founding_member": membership.founding if membership else False,
        "uncertain": record.uncertain,
        "uncertain_note": record.uncertain_note,
        "sources": _sources(record.sources),
        "url": f"/api/v1/agencies/{record.slug}",
    }


def destination(record: Destination) -> dict[str, Any]:
    return {
        "slug": record.slug,
        "name": record.name,
        "parent": record.parent.slug if record.parent else None,
        "description": record.description,
        "url": f"/api/v1/destinations/{record.slug}",
    }


# The columns a mission's summary is made of, read as plain values (no model).
SUMMARY_COLUMNS = (
    "pk",
    "slug",
    "name",
    "aliases",
    "lead__code",
    "destination__slug",
    *PLAN_COLUMNS,
    "planned_launch_note",
    "actual_launch_on",
    "actual_launch_precision",
    "uncertain",
    "version",
)


def _summary(row: dict[str, Any], partners: list[dict[str, str]]) -> dict[str, Any]:
    """Return the summary of the mission whose ``SUMMARY_COLUMNS`` are ``row``."""
    planned = PlanDate.from_parts(
        row["planned_launch_on"],
        row["planned_launch_precision"],
        row["planned_launch_qualifier"],
    )
    actual = PlanDate.from_parts(
        row["actual_launch_on"], row["actual_launch_precision"]
    )
    return {
        "slug": row["slug"],
        "name": row["name"],
        "aliases": row["aliases"],
        "lead": row["lead__code"],
        "partners": partners,
        "destination": row["destination__slug"],
        "crewed": row["crewed"],
        "kind": row["kind"],
        "status": row["status"],
        "confidence": row["confidence"],
        "planned_launch": _date(planned),
        "planned_launch_precision": planned.precision.value if planned else None,
        "planned_launch_note": row["planned_launch_note"],
        "actual_launch": _date(actual),
        "uncertain": row["uncertain"],
        "version": row["version"],
        "url": f"/api/v1/missions/{row['slug']}",
    }


def mission(record: Mission) -> dict[str, Any]:
    """Return a mission's summary (the API's list item)."""
    row = {name: getattr(record, name) for name in SUMMARY_COLUMNS if "__" not in name}
    row["lead__code"] = record.lead.code
    row["destination__slug"] = record.destination.slug
    return _summary(row, record.partner_list())


def mission_summaries(missions: QuerySet[Mission]) -> list[dict[str, Any]]:
    """Return the summaries of ``missions`` (a sliced page) in two queries.

    The same shape as ``mission``, read as plain values: a page of a list builds no
    model instance and decodes none of the columns it does not show.
    """
    return list(summaries_by_id(missions).values())


def summaries_by_id(missions: QuerySet[Mission]) -> dict[int, dict[str, Any]]:
    """Return the summaries of ``missions`` by their ids, in the queryset's order."""
    rows = list(
        missions.select_related(None).prefetch_related(None).values(*SUMMARY_COLUMNS)
    )
    partners: dict[int, list[dict[str, str]]] = {row["pk"]: [] for row in rows}
    if partners:
        links = MissionPartner.objects.filter(mission_id__in=list(partners))
        for mission_id, code, role in links.order_by(
            "mission_id", "agency__code"
        ).values_list("mission_id", "agency__code", "role"):
            partners[mission_id].append({"agency": code, "role": role})
    return {row["pk"]: _summary(row, partners[row["pk"]]) for row in rows}


def mission_as_stated(plan: EditionPlan) -> dict[str, Any]:
    """Return the mission with its plan replaced by what ``plan``'s edition stated."""
    launch = plan.launch
    return {
        **mission(plan.mission),
        "planned_launch": _date(launch),
        "planned_launch_precision": launch.precision.value if launch else None,
        "status": plan.status or plan.mission.status,
        "edition": plan.edition.code,
        "statement": plan.statement,
        "in_edition": plan.in_edition,
        "basis": plan.basis,
    }


def _dependency(link: Dependency, other: Mission) -> dict[str, Any]:
    return {
        "mission": other.slug,
        "kind": link.kind,
        "lag_months": link.lag_months,
        "uncertain": link.uncertain,
    }


def mission_detail(record: Mission) -> dict[str, Any]:
    has_site = bool(record.site_name) or record.site_latitude is not None
    return {
        **mission(record),
        "ended": _date(record.ended),
        "outcome": record.outcome_note,
        "description": record.description,
        "notes": record.notes,
        "uncertain_note": record.uncertain_note,
        "cospar_id": record.cospar_id,
        "landing_site": {
            "name": record.site_name,
            "latitude": record.site_latitude,
            "longitude": record.site_longitude,
            "kind": record.site_kind,
            "uncertain": record.site_uncertain,
            "note": record.site_note,
        }
        if has_site
        else None,
        "plans": [
            {
                "edition": plan.edition.code,
                "planned_launch": _date(plan.launch),
                "statement": plan.statement,
                "in_edition": plan.in_edition,
                "basis": plan.basis,
                "status": plan.status,
            }
            for plan in record.edition_plans.all()
        ],
        "depends_on": [
            _dependency(link, link.upstream) for link in record.depends_on.all()
        ],
        "enables": [
            _dependency(link, link.downstream) for link in record.enables.all()
        ],
        "objectives": [
            {"code": link.objective.code, "basis": link.basis}
            for link in record.objective_links.all()
        ],
        "capabilities": [
            {"code": link.capability.code, "direction": link.direction}
            for link in record.capability_links.all()
        ],
        "sources": [
            {"url": s.url, "title": s.title, "date": s.dated, "about": s.about}
            for s in record.sources.all()
        ],
    }


def goal(record: Goal) -> dict[str, Any]:
    return {
        "code": record.code,
        "title": record.title,
        "description": record.description,
        "note": record.note,
        "uncertain": record.uncertain,
        "objectives": [o.code for o in record.objectives.all()],
        "sources": _sources(record.sources),
    }


def objective(record: Objective) -> dict[str, Any]:
    return {
        "code": record.code,
        "title": record.title,
        "goal": record.goal.code if record.goal else None,
        "theme": record.theme.code if record.theme else None,
        "framework": record.framework,
        "note": record.note,
        "uncertain": record.uncertain,
        # Thousands of missions at scale: their number (annotated by the query),
        # and where to page through them.
        "mission_count": record.mission_count,  # type: ignore[attr-defined]
        "missions_url": f"/api/v1/missions?{urlencode({'objective': record.code})}",
        "sources": _sources(record.sources),
    }


def corrections() -> dict[int, str]:
    """Return, for each corrected edition's id, the code of its published re-issue."""
    return dict(
        Edition.objects.published()
        .filter(supersedes__isnull=False)
        .values_list("supersedes_id", "code")
    )


def edition(
    record: Edition, corrected_by: dict[int, str] | None = None
) -> dict[str, Any]:
    if corrected_by is None:
        corrected_by = corrections()
    original = (
        Edition.objects.filter(pk=record.supersedes_id)
        .values_list("code", flat=True)
        .first()
        if record.supersedes_id is not None
        else None
    )
    return {
        "code": record.code,
        "slug": record.slug,
        "title": record.title,
        "kind": record.kind,
        "status": record.status,
        "released": _date(record.released),
        "participating_count": record.participating_count,
        "participating_agencies": record.participating_agencies,
        "themes": record.themes,
        "notes": record.notes,
        "uncertain": record.uncertain,
        "snapshot_sha256": record.snapshot_sha256 or None,
        "supersedes": original,
        "erratum_reason": record.erratum_reason,
        "superseded_by": corrected_by.get(record.pk),
        "url": f"/api/v1/editions/{record.slug}",
    }


def detailed_missions() -> QuerySet[Mission]:
    """Missions with everything their detail shows, fetched in one query per relation.

    Editions come without their snapshots (megabytes each for a large plan).
    """
    # Each relation in the order of its model without the leading "mission" (or
    # "upstream"/"downstream") key: the rows are fetched for their missions, so that
    # key orders nothing, and ordering by a relation joins its table to every query.
    return Mission.objects.with_related().prefetch_related(
        Prefetch("sources", queryset=MissionSource.objects.order_by("position", "pk")),
        Prefetch(
            "objective_links",
            queryset=MissionObjective.objects.select_related("objective").order_by(
                "objective__code"
            ),
        ),
        Prefetch(
            "capability_links",
            queryset=MissionCapability.objects.select_related("capability").order_by(
                "direction", "capability__code"
            ),
        ),
        Prefetch(
            "enables",
            queryset=Dependency.objects.select_related("downstream").order_by(
                "downstream", "kind"
            ),
        ),
        Prefetch(
            "depends_on",
            queryset=Dependency.objects.select_related("upstream").order_by(
                "upstream", "kind"
            ),
        ),
        Prefetch(
            "edition_plans",
            queryset=EditionPlan.objects.filter(edition__in=Edition.objects.current())
            .select_related("edition")
            .defer("edition__snapshot"),
        ),
    )
