"""Reader of the ``missions`` section: a mission with its partners, plans and site."""

from __future__ import annotations

import re
from typing import Any

from ger.dataset.fields import Record
from ger.dataset.located import LocatedDict
from ger.dataset.sections_common import date_fields, slug_field
from ger.dataset.statements_section import (
    read_events,
    read_in_editions,
    read_other_relations,
    read_statements,
)
from ger.editions.models import STATEMENT_FACTS
from ger.plandates import PlanDate, PlanDateError
from ger.plans.services import PLAN_AND_OUTCOME_FIELDS

MISSION_KINDS = [
    "science",
    "technology_demonstration",
    "infrastructure",
    "logistics",
    "human_exploration",
]
MISSION_STATUSES = [
    "studied",
    "planned",
    "in_development",
    "launched",
    "succeeded",
    "partially_succeeded",
    "failed",
    "suspended",
    "cancelled",
]
MISSION_FORMS = [
    "orbiter",
    "lander",
    "rover",
    "sample_return",
    "flyby",
    "impactor",
    "space_telescope",
    "technology_demo",
    "station",
    "station_module",
    "crew_vehicle",
    "cargo_vehicle",
    "deorbit_vehicle",
    "launch_vehicle",
    "programme",
    "crewed_mission",
]
CONFIDENCES = ["agency_confirmed", "reported", "notional"]
SITE_KINDS = ["actual", "planned", "reference"]

# The keys of a mission record.
MISSION_KEYS = {
    "slug",
    "name",
    "aliases",
    "lead",
    "partners",
    "destination",
    "crewed",
    "kind",
    "form",
    *PLAN_AND_OUTCOME_FIELDS,
    "cospar_id",
    "landing_site",
    "description",
    "objectives",
    "provides",
    "needs",
    "plans",
    "statements",
    "events",
    "other_relations",
    "in_editions",
    "notes",
    "uncertain",
    "uncertain_note",
    "sources",
}


def read_mission(record: Record) -> dict[str, Any]:
    """Return a mission record read field by field, its problems reported."""
    record.check_known(MISSION_KEYS)
    mission: dict[str, Any] = {
        "slug": slug_field(record, "slug", "missions"),
        "name": record.text("name", required=True, max_length=200),
        "aliases": record.text_list("aliases"),
        "lead": record.text("lead", required=True),
        "destination": record.text("destination", required=True),
        "crewed": record.boolean("crewed"),
        "kind": record.choice("kind", MISSION_KINDS),
        "form": record.choice("form", MISSION_FORMS, default=""),
        "status": record.choice("status", MISSION_STATUSES),
        "confidence": record.choice("confidence", CONFIDENCES),
        **date_fields(
            "planned_launch", record.date("planned_launch", True), qualified=True
        ),
        "planned_launch_note": record.text("planned_launch_note"),
        **date_fields("actual_launch", record.date("actual_launch")),
        **date_fields("ended", record.date("ended")),
        "outcome_note": record.text("outcome_note"),
        "duration_days": record.integer("duration_days", minimum=0, maximum=100000),
        "cospar_id": record.text("cospar_id", max_length=20),
        "description": record.text("description"),
        "notes": record.text("notes"),
        "uncertain": record.boolean("uncertain"),
        "uncertain_note": record.text("uncertain_note"),
    }
    mission["partners"] = [
        _partner(record, line, item) for line, item in record.mapping_list("partners")
    ]
    mission["objectives"] = [
        _objective_link(record, line, item)
        for line, item in record.mapping_list("objectives")
    ]
    mission["capabilities"] = _capabilities(record, "provides") + _capabilities(
        record, "needs"
    )
    mission["plans"] = _plans(record)
    mission["statements"] = read_statements(record)
    mission["events"] = read_events(record)
    mission["other_relations"] = read_other_relations(record)
    mission["in_editions"] = read_in_editions(record)
    site, site_sources = _landing_site(record)
    mission.update(site)
    sources = record.sources()
    mission["sources"] = sources + [s for s in site_sources if s not in sources]
    _check_launch_order(record, mission)
    return mission


def _sub(record: Record, key: str, line: int, item: LocatedDict) -> Record:
    return Record(record.file, f"{record.label}.{key}", item, record.problems)


def _partner(record: Record, line: int, item: LocatedDict) -> dict[str, Any]:
    sub = _sub(record, "partners", line, item)
    sub.check_known({"agency", "role", "uncertain"})
    return {
        "agency": sub.text("agency", required=True),
        "role": sub.text("role"),
        "uncertain": sub.boolean("uncertain"),
        "line": line,
    }


def _objective_link(record: Record, line: int, item: LocatedDict) -> dict[str, Any]:
    sub = _sub(record, "objectives", line, item)
    sub.check_known({"objective", "basis", "note"})
    return {
        "objective": sub.text("objective", required=True),
        "basis": sub.choice("basis", ["stated", "editorial"], default="stated"),
        "note": sub.text("note"),
        "line": line,
    }


def _capabilities(record: Record, direction: str) -> list[dict[str, Any]]:
    value = record.list_value(direction)
    found = []
    for index, item in enumerate(value):
        line = record._item_line(value, index) or record.line(direction)
        if isinstance(item, LocatedDict):
            sub = _sub(record, direction, line, item)
            sub.check_known({"capability", "detail", "uncertain", "sources"})
            entry = {
                "capability": sub.text("capability", required=True),
                "detail": sub.text("detail"),
                "uncertain": sub.boolean("uncertain"),
                "sources": sub.sources(),
            }
        elif isinstance(item, str):
            entry = {
                "capability": item.strip(),
                "detail": "",
                "uncertain": False,
                "sources": [],
            }
        else:
            record.report(
                direction, f"item {index + 1} must be a capability code", line
            )
            continue
        found.append({**entry, "direction": direction, "line": line})
    return found


# The keys of an edition's statement about the mission (``plans.<edition code>``):
# the facts a statement can hold, its planned launch under ``launch``.
PLAN_KEYS = {
    "launch",
    "statement",
    "in_edition",
    "basis",
    "source_date",
    "known_since",
    "note",
    "uncertain",
    "sources",
} | (set(STATEMENT_FACTS) - {"planned_launch"})


def _plans(record: Record) -> list[dict[str, Any]]:
    """Read each edition's statement about the mission (``plans.<edition code>``).

    A fact the statement leaves out is *not recorded* (``None`` or blank), never
    filled in from the mission's current record.
    """
    value = record.data.get("plans")
    if value is None:
        return []
    if not isinstance(value, LocatedDict):
        record.report("plans", "must be a mapping from edition code to plan")
        return []
    plans = []
    for edition_code, item in value.items():
        line = value.line_of(edition_code)
        if not isinstance(item, LocatedDict):
            record.report(f"plans.{edition_code}", "must be a mapping", line)
            continue
        sub = _sub(record, f"plans.{edition_code}", line, item)
        sub.check_known(PLAN_KEYS)
        status = sub.data.get("status")
        plans.append(
            {
                "edition": edition_code,
                **date_fields(
                    "launch", sub.date("launch", allow_qualifier=True), qualified=True
                ),
                **date_fields(
                    "known",
                    sub.date("known_since")
                    or leading_date(sub.text("source_date", max_length=60)),
                ),
                **_statement_facts(sub),
                "statement": sub.text("statement"),
                "in_edition": sub.choice(
                    "in_edition", ["confirmed", "unverified", "dropped"], "unverified"
                ),
                "basis": sub.choice(
                    "basis", ["quoted", "reconstructed"], "reconstructed"
                ),
                "source_date": sub.text("source_date", max_length=60),
                "status": sub.choice("status", MISSION_STATUSES)
                if status is not None
                else "",
                "note": sub.text("note"),
                "uncertain": sub.boolean("uncertain"),
                "sources": sub.sources(),
                "line": line,
            }
        )
    return plans


LEADING_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{2}))?(?!\d)")


def leading_date(text: str) -> PlanDate | None:
    """Return the year or month a ``source_date`` text begins with ("2021-11 …")."""
    match = LEADING_DATE.match(text)
    if match is None:
        return None
    try:
        return PlanDate.parse(match[0].strip(), allow_qualifier=False)
    except PlanDateError:
        return None


def _statement_facts(sub: Record) -> dict[str, Any]:
    """Return the facts a statement records; the ones it leaves out stay empty."""
    kind = sub.data.get("kind")
    facts: dict[str, Any] = {
        "name": sub.text("name", max_length=200),
        "lead_code": sub.text("lead", max_length=60),
        "destination_slug": sub.text("destination", max_length=60),
        "kind": sub.choice("kind", MISSION_KINDS) if kind is not None else "",
        "crewed": sub.boolean("crewed") if sub.has("crewed") else None,
        "description": sub.text("description"),
        "partners": None,
        "objective_codes": None,
        "site": None,
    }
    if sub.has("partners"):
        facts["partners"] = [
            {"agency": p["agency"], "role": p["role"]}
            for p in (
                _partner(sub, line, item) for line, item in sub.mapping_list("partners")
            )
        ]
    if sub.has("objectives"):
        facts["objective_codes"] = sub.text_list("objectives")
    site = sub.data.get("site")
    if isinstance(site, LocatedDict):
        where = _sub(sub, "site", site.line, site)
        where.check_known({"name", "lat", "lon", "kind"})
        facts["site"] = {
            "name": where.text("name", max_length=200),
            "latitude": where.number("lat", -90, 90),
            "longitude": where.number("lon", -180, 180),
            "kind": where.choice("kind", SITE_KINDS, default="planned"),
        }
    elif site is not None:
        sub.report("site", "must be a mapping with name, lat, lon, kind")
    return facts


def _landing_site(record: Record) -> tuple[dict[str, Any], list[dict[str, str]]]:
    empty = {
        "site_name": "",
        "site_latitude": None,
        "site_longitude": None,
        "site_kind": "",
        "site_uncertain": False,
        "site_note": "",
    }
    value = record.data.get("landing_site")
    if value is None:
        return empty, []
    if not isinstance(value, LocatedDict):
        record.report("landing_site", "must be a mapping with name, lat, lon, kind")
        return empty, []
    sub = _sub(record, "landing_site", value.line, value)
    sub.check_known({"name", "lat", "lon", "kind", "uncertain", "note", "sources"})
    latitude = sub.number("lat", -90, 90)
    longitude = sub.number("lon", -180, 180)
    if (latitude is None) != (longitude is None) and sub.has("lat") != sub.has("lon"):
        sub.report("lat", "latitude and longitude go together: give both or neither")
    sources = [
        {**source, "about": source["about"] or "landing site"}
        for source in sub.sources()
    ]
    return {
        "site_name": sub.text("name", max_length=200),
        "site_latitude": latitude,
        "site_longitude": longitude,
        "site_kind": sub.choice("kind", SITE_KINDS, default="planned"),
        "site_uncertain": sub.boolean("uncertain"),
        "site_note": sub.text("note"),
    }, sources


def _check_launch_order(record: Record, mission: dict[str, Any]) -> None:
    launched, ended = mission["actual_launch_on"], mission["ended_on"]
    if launched and ended and ended < launched:
        record.report("ended", "is before actual_launch")
