"""Readers of each top-level section of a data file into plain, checked records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.text import slugify

from ger.dataset.fields import Problem, Record
from ger.dataset.located import LocatedDict
from ger.plandates import PlanDate

AGENCY_KINDS = ["space_agency", "company", "research_institution", "other"]
EDITION_KINDS = [
    "framework",
    "roadmap",
    "supplement",
    "related_product",
    "working_draft",
]
EDITION_STATUSES = ["draft", "review", "published"]
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
CONFIDENCES = ["agency_confirmed", "reported", "notional"]
SITE_KINDS = ["actual", "planned", "reference"]
DEPENDENCY_KINDS = [
    "relay_communications",
    "precursor_pathfinder",
    "hardware_element",
    "launch_co_manifest",
    "data_site_scouting",
    "hardware_heritage",
    "successor",
]
SLUG_MAX = {"missions": 80, "destinations": 40, "editions": 60}

Reader = Callable[[Record], dict[str, Any]]


def _date_fields(
    prefix: str, date: PlanDate | None, qualified: bool = False
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        f"{prefix}_on": date.start if date else None,
        f"{prefix}_precision": str(date.precision) if date else "",
    }
    if qualified:
        fields[f"{prefix}_qualifier"] = str(date.qualifier) if date else ""
    return fields


def _slug(record: Record, key: str, section: str) -> str:
    slug = record.text(key, required=True)
    if slug and slug != slugify(slug):
        record.report(
            key, f"{slug!r} is not a slug (lowercase letters, digits, hyphens)"
        )
    if len(slug) > SLUG_MAX.get(section, 40):
        record.report(key, f"is longer than {SLUG_MAX.get(section, 40)} characters")
    return slug


def read_membership_count(record: Record) -> dict[str, Any]:
    record.check_known({"date", "date_note", "count", "sources"})
    date = record.date("date")
    if date is None and not record.has("date"):
        record.report("date", "is required")
    count = record.integer("count", minimum=1, maximum=1000)
    if count is None and not record.has("count"):
        record.report("count", "is required")
    return {
        "counted_on": date.start if date else None,
        "counted_precision": str(date.precision) if date else "",
        "date_note": record.text("date_note", max_length=100),
        "count": count,
        "sources": record.sources(),
    }


def read_agency(record: Record) -> dict[str, Any]:
    record.check_known(
        {
            "code",
            "name",
            "name_local",
            "kind",
            "country",
            "website",
            "former_names",
            "member",
            "notes",
            "uncertain",
            "uncertain_note",
            "sources",
        }
    )
    code = record.text("code", required=True, max_length=40)
    website = record.text("website")
    if website and not website.startswith(("http://", "https://")):
        record.report("website", f"{website!r} is not an http(s) URL")
    member = None
    if record.has("member"):
        block = record.data["member"]
        if not isinstance(block, LocatedDict):
            record.report("member", "must be a mapping with joined, founding, detail")
        else:
            inner = Record(
                record.file, f"{record.label}.member", block, record.problems
            )
            inner.check_known({"joined", "founding", "detail"})
            joined = inner.date("joined")
            if joined is None and not inner.has("joined"):
                inner.report("joined", "is required")
            member = {
                "joined_on": joined.start if joined else None,
                "joined_precision": str(joined.precision) if joined else "",
                "founding": inner.boolean("founding"),
                "detail": inner.text("detail"),
            }
    return {
        "code": code,
        "slug": slugify(code),
        "name": record.text("name", required=True, max_length=200),
        "name_local": record.text("name_local", max_length=200),
        "kind": record.choice("kind", AGENCY_KINDS, default="space_agency"),
        "country": record.text("country", max_length=100),
        "website": website,
        "former_names": record.text_list("former_names"),
        "notes": record.text("notes"),
        "uncertain": record.boolean("uncertain"),
        "uncertain_note": record.text("uncertain_note"),
        "sources": record.sources(),
        "member": member,
    }


def read_destination(record: Record) -> dict[str, Any]:
    record.check_known({"slug", "name", "parent", "description"})
    return {
        "slug": _slug(record, "slug", "destinations"),
        "name": record.text("name", required=True, max_length=100),
        "parent": record.text("parent") or None,
        "description": record.text("description"),
    }


def read_capability(record: Record) -> dict[str, Any]:
    record.check_known({"code", "name", "description"})
    return {
        "code": _slug_code(record),
        "name": record.text("name", required=True, max_length=120),
        "description": record.text("description"),
    }


def _slug_code(record: Record) -> str:
    code = record.text("code", required=True, max_length=60)
    if code and not all(part.isalnum() for part in code.replace("-", "_").split("_")):
        record.report("code", f"{code!r} may hold only letters, digits, _ and -")
    return code


def read_theme(record: Record) -> dict[str, Any]:
    record.check_known({"code", "name", "sources"})
    return {
        "code": record.text("code", required=True, max_length=20),
        "name": record.text("name", required=True, max_length=200),
        "sources": record.sources(),
    }


def read_goal(record: Record) -> dict[str, Any]:
    record.check_known({"code", "title", "description", "note", "uncertain", "sources"})
    return {
        "code": record.text("code", required=True, max_length=20),
        "title": record.text("title", required=True, max_length=200),
        "description": record.text("description"),
        "note": record.text("note"),
        "uncertain": record.boolean("uncertain"),
        "sources": record.sources(),
    }


def read_objective(record: Record) -> dict[str, Any]:
    record.check_known(
        {
            "code",
            "title",
            "goal",
            "theme",
            "framework",
            "note",
            "uncertain",
            "sources",
        }
    )
    return {
        "code": record.text("code", required=True, max_length=20),
        "title": record.text("title", required=True, max_length=300),
        "goal": record.text("goal") or None,
        "theme": record.text("theme") or None,
        "framework": record.text("framework", max_length=200),
        "note": record.text("note"),
        "uncertain": record.boolean("uncertain"),
        "sources": record.sources(),
    }


def read_edition(record: Record) -> dict[str, Any]:
    record.check_known(
        {
            "code",
            "slug",
            "title",
            "kind",
            "released",
            "status",
            "participating_count",
            "participating_agencies",
            "themes",
            "notes",
            "uncertain",
            "uncertain_note",
            "sources",
        }
    )
    return {
        "code": record.text("code", required=True, max_length=40),
        "slug": _slug(record, "slug", "editions"),
        "title": record.text("title", required=True, max_length=300),
        "kind": record.choice("kind", EDITION_KINDS),
        **_date_fields("released", record.date("released")),
        "status": record.choice("status", EDITION_STATUSES),
        "participating_count": record.integer(
            "participating_count", minimum=0, maximum=1000
        ),
        "participating_agencies": record.text_list("participating_agencies"),
        "themes": record.text_list("themes"),
        "notes": record.text("notes"),
        "uncertain": record.boolean("uncertain"),
        "uncertain_note": record.text("uncertain_note"),
        "sources": record.sources(),
    }


def read_mission(record: Record) -> dict[str, Any]:
    record.check_known(
        {
            "slug",
            "name",
            "aliases",
            "lead",
            "partners",
            "destination",
            "crewed",
            "kind",
            "status",
            "confidence",
            "planned_launch",
            "planned_launch_note",
            "actual_launch",
            "ended",
            "outcome_note",
            "duration_days",
            "cospar_id",
            "landing_site",
            "description",
            "objectives",
            "provides",
            "needs",
            "plans",
            "notes",
            "uncertain",
            "uncertain_note",
            "sources",
        }
    )
    mission: dict[str, Any] = {
        "slug": _slug(record, "slug", "missions"),
        "name": record.text("name", required=True, max_length=200),
        "aliases": record.text_list("aliases"),
        "lead": record.text("lead", required=True),
        "destination": record.text("destination", required=True),
        "crewed": record.boolean("crewed"),
        "kind": record.choice("kind", MISSION_KINDS),
        "status": record.choice("status", MISSION_STATUSES),
        "confidence": record.choice("confidence", CONFIDENCES),
        **_date_fields(
            "planned_launch", record.date("planned_launch", True), qualified=True
        ),
        "planned_launch_note": record.text("planned_launch_note"),
        **_date_fields("actual_launch", record.date("actual_launch")),
        **_date_fields("ended", record.date("ended")),
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
    value = record.data.get(direction)
    if value is None:
        return []
    if not isinstance(value, list):
        record.report(direction, "must be a list")
        return []
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


def _plans(record: Record) -> list[dict[str, Any]]:
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
        sub.check_known(
            {
                "launch",
                "statement",
                "in_edition",
                "basis",
                "source_date",
                "status",
                "note",
                "uncertain",
                "sources",
            }
        )
        status = sub.data.get("status")
        plans.append(
            {
                "edition": edition_code,
                **_date_fields(
                    "launch", sub.date("launch", allow_qualifier=True), qualified=True
                ),
                "statement": sub.text("statement"),
                "in_edition": sub.choice(
                    "in_edition", ["confirmed", "unverified"], "unverified"
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


def read_dependency(record: Record) -> dict[str, Any]:
    record.check_known(
        {
            "from",
            "to",
            "kind",
            "lag_months",
            "detail",
            "status_note",
            "uncertain",
            "uncertain_note",
            "sources",
        }
    )
    return {
        "upstream": record.text("from", required=True),
        "downstream": record.text("to", required=True),
        "kind": record.choice("kind", DEPENDENCY_KINDS),
        "lag_months": record.integer("lag_months", minimum=-600, maximum=600) or 0,
        "detail": record.text("detail"),
        "status_note": record.text("status_note"),
        "uncertain": record.boolean("uncertain"),
        "uncertain_note": record.text("uncertain_note"),
        "sources": record.sources(),
    }


SECTIONS: dict[str, tuple[str, Reader]] = {
    "membership_counts": ("", read_membership_count),
    "agencies": ("code", read_agency),
    "destinations": ("slug", read_destination),
    "capabilities": ("code", read_capability),
    "themes": ("code", read_theme),
    "goals": ("code", read_goal),
    "objectives": ("code", read_objective),
    "editions": ("code", read_edition),
    "missions": ("slug", read_mission),
    "dependencies": ("", read_dependency),
}


def read_section(
    file: str, section: str, items: Any, line: int
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Return the checked records of one section and the problems found in it."""
    key_name, reader = SECTIONS[section]
    problems: list[Problem] = []
    if not isinstance(items, list):
        problems.append(Problem(file, line, section, "must be a list of records"))
        return [], problems
    records = []
    for index, item in enumerate(items):
        item_line = items.line_of(index) if hasattr(items, "line_of") else line
        if not isinstance(item, LocatedDict):
            problems.append(
                Problem(file, item_line, f"{section}[{index + 1}]", "must be a mapping")
            )
            continue
        key = item.get(key_name) if key_name else None
        label = f"{section}[{key}]" if key else f"{section}[{index + 1}]"
        record = Record(file, label, item, problems)
        cleaned = reader(record)
        cleaned["file"], cleaned["line"] = file, item.line
        cleaned["present"] = set(item)
        cleaned["lines"] = dict(item.key_lines)
        cleaned["label"] = label
        records.append(cleaned)
    return records, problems
