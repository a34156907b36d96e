"""Missions as rows: the columns shared by the CSV and JSON downloads."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ger.plans.models import Mission

# What a mission is: the columns of the current plan's table and of an edition's.
MISSION_IDENTITY_COLUMNS = (
    "slug",
    "name",
    "lead",
    "partners",
    "destination",
    "crewed",
    "kind",
)
MISSION_COLUMNS = (
    *MISSION_IDENTITY_COLUMNS,
    "status",
    "confidence",
    "planned_launch",
    "planned_launch_precision",
    "planned_launch_note",
    "actual_launch",
    "site_latitude",
    "site_longitude",
    "uncertain",
)


def mission_row(mission: Mission) -> dict[str, Any]:
    """Return one mission as a flat row (partners as ``CODE:role;CODE``)."""
    planned = mission.planned_launch
    return {
        "slug": mission.slug,
        "name": mission.name,
        "lead": mission.lead.code,
        "partners": ";".join(
            f"{p.agency.code}:{p.role}" if p.role else p.agency.code
            for p in mission.partnerships.all()
        ),
        "destination": mission.destination.slug,
        "crewed": mission.crewed,
        "kind": mission.kind,
        "status": mission.status,
        "confidence": mission.confidence,
        "planned_launch": str(planned) if planned else None,
        "planned_launch_precision": planned.precision.value if planned else None,
        "planned_launch_note": mission.planned_launch_note,
        "actual_launch": str(mission.actual_launch) if mission.actual_launch else None,
        "site_latitude": mission.site_latitude,
        "site_longitude": mission.site_longitude,
        "uncertain": mission.uncertain,
    }


def mission_rows(missions: Iterable[Mission]) -> Iterator[dict[str, Any]]:
    """Yield each mission as a row."""
    for mission in missions:
        yield mission_row(mission)
