"""Write the missions of a checked data set, with the children each record states."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from ger.dataset.upsert import LoadSummary, record_fields, replace_children, upsert
from ger.editions.models import Edition, EditionPlan
from ger.objectives.models import Objective
from ger.plans.models import (
    Capability,
    Destination,
    Mission,
    MissionCapability,
    MissionEvent,
    MissionObjective,
    MissionPartner,
    MissionSource,
    PlanStatement,
)

# The keys of a mission record that are not fields of the mission's own row.
CHILDREN = {
    "partners",
    "objectives",
    "capabilities",
    "plans",
    "statements",
    "events",
    "sources",
    "lead",
    "destination",
}


def write_missions(
    records: list[dict[str, Any]], agency_ids: dict[str, int], summary: LoadSummary
) -> None:
    """Upsert the missions, then replace the children their records state."""
    ids = _upsert_missions(records, agency_ids, summary)
    _write_partners(records, ids, agency_ids, summary)
    _write_objectives_and_capabilities(records, ids, summary)
    _write_sources(records, ids, summary)
    for model, key in ((PlanStatement, "statements"), (MissionEvent, "events")):
        replace_children(
            model,
            summary,
            {
                ids[r["slug"]]: [
                    {k: v for k, v in item.items() if k != "line"} for item in r[key]
                ]
                for r in records
                if _wanted(r, key)
            },
        )
    _write_edition_plans(records, ids, summary)


def _wanted(record: dict[str, Any], key: str) -> bool:
    """Return whether a record states a child list (so it replaces the stored one)."""
    return key in record["present"] or (
        key == "sources" and "landing_site" in record["present"]
    )


def _upsert_missions(
    records: list[dict[str, Any]], agency_ids: dict[str, int], summary: LoadSummary
) -> dict[str, int]:
    """Write the missions' own rows; return their ids by slug."""
    destination_ids = dict(Destination.objects.values_list("slug", "id"))
    rows = [
        {
            **record_fields(record, exclude=CHILDREN),
            "lead_id": agency_ids[record["lead"]],
            "destination_id": destination_ids[record["destination"]],
        }
        for record in records
    ]
    missions = upsert(
        Mission,
        "slug",
        rows,
        summary,
        touch={
            "version": lambda mission: mission.version + 1,
            "updated_at": timezone.now(),
        },
    )
    return {slug: mission.pk for slug, mission in missions.items()}


def _write_partners(
    records: list[dict[str, Any]],
    ids: dict[str, int],
    agency_ids: dict[str, int],
    summary: LoadSummary,
) -> None:
    replace_children(
        MissionPartner,
        summary,
        {
            ids[r["slug"]]: [
                {
                    "agency_id": agency_ids[p["agency"]],
                    "role": p["role"],
                    "uncertain": p["uncertain"],
                }
                for p in r["partners"]
            ]
            for r in records
            if _wanted(r, "partners")
        },
    )


def _write_objectives_and_capabilities(
    records: list[dict[str, Any]], ids: dict[str, int], summary: LoadSummary
) -> None:
    objective_ids = dict(Objective.objects.values_list("code", "id"))
    capability_ids = dict(Capability.objects.values_list("code", "id"))
    replace_children(
        MissionObjective,
        summary,
        {
            ids[r["slug"]]: [
                {
                    "objective_id": objective_ids[link["objective"]],
                    "basis": link["basis"],
                    "note": link["note"],
                }
                for link in r["objectives"]
            ]
            for r in records
            if _wanted(r, "objectives")
        },
    )
    replace_children(
        MissionCapability,
        summary,
        {
            ids[r["slug"]]: [
                {
                    "capability_id": capability_ids[link["capability"]],
                    "direction": link["direction"],
                    "detail": link["detail"],
                    "uncertain": link["uncertain"],
                    "sources": link["sources"],
                }
                for link in r["capabilities"]
            ]
            for r in records
            if _wanted(r, "provides") or _wanted(r, "needs")
        },
    )


def _write_sources(
    records: list[dict[str, Any]], ids: dict[str, int], summary: LoadSummary
) -> None:
    replace_children(
        MissionSource,
        summary,
        {
            ids[r["slug"]]: [
                {
                    "url": s["url"],
                    "title": s["title"],
                    "publisher": s["publisher"],
                    "dated": s["date"],
                    "tier": s["tier"],
                    "about": s["about"],
                    "note": s["note"],
                    "position": i,
                }
                for i, s in enumerate(_unique_sources(r["sources"]))
            ]
            for r in records
            if _wanted(r, "sources")
        },
    )


def _unique_sources(sources: list[dict[str, str]]) -> list[dict[str, str]]:
    """Return one entry per URL (or title), joining what each supports."""
    merged: dict[str, dict[str, str]] = {}
    for source in sources:
        key = source["url"] or source["title"]
        if key not in merged:
            merged[key] = dict(source)
            continue
        entry = merged[key]
        topics = [t for t in entry["about"].split("; ") if t]
        topics += [t for t in source["about"].split("; ") if t and t not in topics]
        entry["about"] = "; ".join(topics)
        for name in ("title", "publisher", "date", "tier", "note"):
            entry[name] = entry[name] or source[name]
    return list(merged.values())


def _write_edition_plans(
    records: list[dict[str, Any]], ids: dict[str, int], summary: LoadSummary
) -> None:
    """Replace each stated mission's edition plans (published editions' stay)."""
    edition_ids = dict(Edition.objects.values_list("code", "id"))
    published = set(Edition.objects.published().values_list("id", flat=True))
    replace_children(
        EditionPlan,
        summary,
        {
            ids[r["slug"]]: [
                {
                    **{k: v for k, v in plan.items() if k not in {"edition", "line"}},
                    "edition_id": edition_ids[plan["edition"]],
                }
                for plan in r["plans"]
            ]
            for r in records
            if _wanted(r, "plans")
        },
        frozen_editions=published,
    )
