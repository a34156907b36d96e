"""Build any export from text parameters: the one call of the web views and the CLI."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from ger.editions.models import Edition
from ger.editions.workflow import edition_snapshot
from ger.exports import edition_tables as tables
from ger.exports.contract import Rendered, render_csv, render_json
from ger.exports.datapackage import render_datapackage
from ger.exports.landing_sites import lunar_sites, render_landing_sites
from ger.exports.launch_calendar import render_launch_calendar
from ger.exports.missions import MISSION_COLUMNS, mission_rows
from ger.exports.mspdi import render_mspdi
from ger.exports.roadmap import current_roadmap, edition_roadmap
from ger.plans.filters import (
    FilterError,
    MissionQuery,
    filter_missions,
    parse_mission_query,
)

FORMATS = ("csv", "json", "ics", "geojson", "mspdi", "datapackage")
Params = Mapping[str, str | list[str]]


def build_export(
    export_format: str,
    params: Params,
    edition: Edition | None = None,
    base_url: str = "",
) -> Rendered:
    """Return one export of the missions ``params`` select, live or of ``edition``.

    Raise FilterError naming the parameter when a filter, the format or the
    edition cannot be used.
    """
    if export_format not in FORMATS:
        raise FilterError(
            "format", _("use one of %(choices)s") % {"choices": ", ".join(FORMATS)}
        )
    query = parse_mission_query(params)
    prefix = "ger" if edition is None else f"ger-{edition.slug}"
    if export_format == "geojson":
        if edition is not None:
            raise FilterError(
                "edition", _("landing sites are exported for the current plan only")
            )
        sites = lunar_sites(filter_missions(query))
        return render_landing_sites(sites, "ger-lunar-landing-sites.geojson")
    if export_format in ("csv", "json"):
        if edition is None:
            return _current_table(export_format, query)
        return _edition_table(export_format, edition, query, prefix)
    if export_format == "datapackage":
        if edition is None:
            raise FilterError("edition", _("a data package is made of one edition"))
        if query.is_filtered:
            raise FilterError(
                _first_filter(query), _("a data package holds the whole edition")
            )
        snapshot = edition_snapshot(edition)
        return render_datapackage(edition, snapshot, f"{prefix}-datapackage.zip")
    roadmap = (
        current_roadmap(query) if edition is None else edition_roadmap(edition, query)
    )
    if export_format == "ics":
        return render_launch_calendar(roadmap, f"{prefix}-launches.ics", base_url)
    return render_mspdi(roadmap, f"{prefix}-roadmap.xml")


def _first_filter(query: MissionQuery) -> str:
    for name, values in query.values.items():
        if values:
            return name
    if query.crewed is not None:
        return "crewed"
    return "planned_after" if query.planned_after is not None else "planned_before"


def _current_table(export_format: str, query: MissionQuery) -> Rendered:
    rows = list(mission_rows(filter_missions(query)))
    if export_format == "csv":
        return render_csv("missions.csv", MISSION_COLUMNS, rows)
    return render_json("missions.json", {"count": len(rows), "missions": rows})


def _edition_table(
    export_format: str, edition: Edition, query: MissionQuery, prefix: str
) -> Rendered:
    snapshot = edition_snapshot(edition)
    order = [m.slug for m in edition_roadmap(edition, query, snapshot).missions]
    by_slug = {row["slug"]: row for row in tables.combined_rows(snapshot, set(order))}
    rows = [by_slug[slug] for slug in order]
    if export_format == "csv":
        return render_csv(f"{prefix}-missions.csv", tables.COMBINED_COLUMNS, rows)
    document: dict[str, Any] = {
        "edition": {
            **snapshot.get("edition", {}),
            "status": edition.status,
            "snapshot_sha256": edition.snapshot_sha256 or None,
        },
        "count": len(rows),
        "missions": rows,
        "dependencies": list(tables.dependency_rows(snapshot, set(order))),
        "agencies": list(tables.agency_rows(snapshot)),
    }
    return render_json(f"{prefix}-missions.json", document)
