"""Readers of each top-level section of a data file into plain, checked records."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils.text import slugify

from ger.canonical import sha256_of
from ger.dataset.fields import Problem, Record
from ger.dataset.located import LocatedDict
from ger.dataset.missions_section import read_mission
from ger.dataset.sections_common import date_fields, slug_field
from ger.objectives.models import GOAL_FACTS

AGENCY_KINDS = ["space_agency", "company", "research_institution", "other"]
EDITION_KINDS = [
    "framework",
    "roadmap",
    "supplement",
    "related_product",
    "working_draft",
]
EDITION_STATUSES = ["draft", "review", "published"]
DEPENDENCY_KINDS = [
    "relay_communications",
    "precursor_pathfinder",
    "hardware_element",
    "launch_co_manifest",
    "data_site_scouting",
    "hardware_heritage",
    "successor",
    "launch_vehicle",
    "transport",
    "sample_handoff",
    "deorbit",
    "other",
]

Reader = Callable[[Record], dict[str, Any]]


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
        "slug": slug_field(record, "slug", "destinations"),
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
    record.check_known({*GOAL_FACTS, "sources", "known_since"})
    return {
        "code": record.text("code", required=True, max_length=20),
        **date_fields("known", record.date("known_since")),
        "title": record.text("title", required=True, max_length=200),
        "description": record.text("description"),
        "note": record.text("note"),
        "uncertain": record.boolean("uncertain"),
        "uncertain_note": record.text("uncertain_note"),
        "sources": record.sources(),
    }


def read_objective(record: Record) -> dict[str, Any]:
    record.check_known(
        {
            "code",
            "title",
            "goal",
            "theme",
            "uncertain_note",
            "framework",
            "note",
            "uncertain",
            "sources",
            "known_since",
        }
    )
    return {
        "code": record.text("code", required=True, max_length=20),
        **date_fields("known", record.date("known_since")),
        "title": record.text("title", required=True, max_length=300),
        "goal": record.text("goal") or None,
        "theme": record.text("theme") or None,
        "framework": record.text("framework", max_length=200),
        "note": record.text("note"),
        "uncertain": record.boolean("uncertain"),
        "uncertain_note": record.text("uncertain_note"),
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
            "summary",
            "notes",
            "uncertain",
            "uncertain_note",
            "sources",
            "supersedes",
            "erratum_reason",
            "complete_for",
            "snapshot_file",
            "snapshot_sha256",
        }
    )
    supersedes = record.text("supersedes", max_length=40)
    reason = record.text("erratum_reason")
    if supersedes and not reason:
        record.report("erratum_reason", "is required: say what the re-issue corrects")
    return {
        "code": record.text("code", required=True, max_length=40),
        "supersedes": supersedes,
        "erratum_reason": reason,
        "complete_for": record.text_list("complete_for"),
        "frozen_snapshot": _frozen_snapshot(record),
        "slug": slug_field(record, "slug", "editions"),
        "title": record.text("title", required=True, max_length=300),
        "kind": record.choice("kind", EDITION_KINDS),
        **date_fields("released", record.date("released")),
        "status": record.choice("status", EDITION_STATUSES),
        "participating_count": record.integer(
            "participating_count", minimum=0, maximum=1000
        ),
        "participating_agencies": record.text_list("participating_agencies"),
        "themes": record.text_list("themes"),
        "summary": record.text("summary"),
        "notes": record.text("notes"),
        "uncertain": record.boolean("uncertain"),
        "uncertain_note": record.text("uncertain_note"),
        "sources": record.sources(),
    }


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


@functools.lru_cache(maxsize=256)
def _fields_present(names: tuple[str, ...]) -> frozenset[str]:
    # Records of a section mostly name the same fields: one set serves them all.
    return frozenset(names)


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
        cleaned["present"] = _fields_present(tuple(item))
        cleaned["lines"] = dict(item.key_lines)
        cleaned["label"] = label
        records.append(cleaned)
    return records, problems


def _frozen_snapshot(record: Record) -> dict[str, Any] | None:
    """Return the snapshot an edition was first published with, checked by SHA-256.

    The bundled data ships the issues published before editions were made of
    statements exactly as they were, so that a new database holds the same bytes
    (and hashes) as one that published them then.
    """
    name = record.text("snapshot_file", max_length=200)
    expected = record.text("snapshot_sha256", max_length=64)
    if not name:
        if expected:
            record.report("snapshot_sha256", "goes with snapshot_file")
        return None
    path = Path(record.file).parent / name
    try:
        snapshot = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        record.report("snapshot_file", f"cannot be read as JSON: {error}")
        return None
    if not isinstance(snapshot, dict):
        record.report("snapshot_file", "must hold a JSON object")
        return None
    digest = sha256_of(snapshot)
    if digest != expected:
        record.report(
            "snapshot_sha256",
            f"{name} has SHA-256 {digest}, not the recorded {expected or '(none)'}",
        )
        return None
    if record.data.get("status") != "published":
        record.report("snapshot_file", "is only for a published edition")
    return snapshot
