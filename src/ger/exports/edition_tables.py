"""An edition's snapshot as tables: missions, plans, partners, agencies, dependencies.

Each table is a column list and a generator of rows, read from the snapshot (verified
against its SHA-256 for published editions), so the CSV, JSON and data package
downloads hold exactly what the edition stated.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ger.editions.snapshot_dates import parse_snapshot_date
from ger.exports.missions import MISSION_IDENTITY_COLUMNS

MISSION_COLUMNS = MISSION_IDENTITY_COLUMNS
PLAN_COLUMNS = (
    "mission",
    "planned_launch",
    "planned_launch_precision",
    "planned_launch_qualifier",
    "planned_launch_start",
    "planned_launch_end",
    "statement",
    "status",
    "in_edition",
    "basis",
    "source_date",
    "known_since",
    "not_recorded",
    "note",
    "actual_launch",
    "confidence",
    "uncertain",
    "sources",
)
PARTNER_COLUMNS = ("mission", "agency", "role")
AGENCY_COLUMNS = ("code", "name", "country", "joined", "founding")
DEPENDENCY_COLUMNS = ("upstream", "downstream", "kind", "lag_months")
# One row per mission with its plan: the edition's single-table download.
COMBINED_COLUMNS = MISSION_COLUMNS + PLAN_COLUMNS[1:]
SOURCE_SEPARATOR = " | "

Snapshot = Mapping[str, Any]
Row = dict[str, Any]


def _missions(
    snapshot: Snapshot, slugs: set[str] | None
) -> Iterator[Mapping[str, Any]]:
    for item in snapshot.get("missions", []):
        if slugs is None or item["slug"] in slugs:
            yield item


def mission_rows(
    snapshot: Snapshot, slugs: set[str] | None = None, roles: bool = False
) -> Iterator[Row]:
    """Yield each mission's identity: names, lead, partners, destination, kind.

    Partners are codes separated by ``;``, each as ``CODE:role`` with ``roles``
    (the form of the mission list's CSV; roles may hold ``;`` themselves).
    """
    for item in _missions(snapshot, slugs):
        partners = item.get("partners")
        # A fact the edition does not record is an empty cell (null in JSON),
        # never a guessed value; not_recorded in the plans table names them.
        yield {
            "slug": item["slug"],
            "name": item.get("name"),
            "lead": item.get("lead"),
            "partners": None
            if partners is None
            else ";".join(
                f"{p['agency']}:{p['role']}" if roles and p.get("role") else p["agency"]
                for p in partners
            ),
            "destination": item.get("destination"),
            "crewed": item.get("crewed"),
            "kind": item.get("kind") or None,
        }


def plan_rows(snapshot: Snapshot, slugs: set[str] | None = None) -> Iterator[Row]:
    """Yield each mission's plan as the edition stated it, dates with precision."""
    for item in _missions(snapshot, slugs):
        planned = parse_snapshot_date(item.get("planned_launch"))
        yield {
            "mission": item["slug"],
            "planned_launch": str(planned) if planned else None,
            "planned_launch_precision": planned.precision.value if planned else None,
            "planned_launch_qualifier": planned.qualifier.value if planned else None,
            "planned_launch_start": planned.start.isoformat() if planned else None,
            "planned_launch_end": planned.end.isoformat() if planned else None,
            "statement": item.get("statement", ""),
            "status": item.get("status", ""),
            "in_edition": item.get("in_edition", ""),
            "basis": item.get("basis", ""),
            "source_date": item.get("source_date", ""),
            "known_since": item.get("known_since"),
            "not_recorded": ";".join(item.get("not_recorded") or ()),
            "note": item.get("note", ""),
            "actual_launch": item.get("actual_launch"),
            "confidence": item.get("confidence", ""),
            "uncertain": bool(item.get("uncertain")),
            "sources": SOURCE_SEPARATOR.join(_sources(item.get("sources") or [])),
        }


def combined_rows(snapshot: Snapshot, slugs: set[str] | None = None) -> Iterator[Row]:
    """Yield one row per mission: its identity followed by its stated plan."""
    for identity, plan in zip(
        mission_rows(snapshot, slugs, roles=True),
        plan_rows(snapshot, slugs),
        strict=True,
    ):
        plan.pop("mission")
        yield {**identity, **plan}


def partner_rows(snapshot: Snapshot, slugs: set[str] | None = None) -> Iterator[Row]:
    """Yield each partner of each mission, with its role."""
    for item in _missions(snapshot, slugs):
        for partner in item.get("partners") or []:
            yield {
                "mission": item["slug"],
                "agency": partner["agency"],
                "role": partner.get("role", ""),
            }


def agency_rows(snapshot: Snapshot) -> Iterator[Row]:
    """Yield each member agency at the edition's date."""
    for item in snapshot.get("agencies", []):
        yield {
            "code": item["code"],
            "name": item["name"],
            "country": item.get("country", ""),
            "joined": item.get("joined"),
            "founding": bool(item.get("founding")),
        }


def dependency_rows(snapshot: Snapshot, slugs: set[str] | None = None) -> Iterator[Row]:
    """Yield each dependency between the edition's missions."""
    for item in snapshot.get("dependencies", []):
        if slugs is None or (item["from"] in slugs and item["to"] in slugs):
            yield {
                "upstream": item["from"],
                "downstream": item["to"],
                "kind": item["kind"],
                "lag_months": int(item["lag_months"]),
            }


def _sources(sources: Iterable[Any]) -> Iterator[str]:
    for source in sources:
        if isinstance(source, Mapping):
            text = source.get("url") or source.get("title") or ""
        else:
            text = str(source)
        if text:
            yield text
