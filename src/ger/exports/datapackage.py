"""An edition as a Frictionless tabular data package: datapackage.json and its CSVs.

The zip is reproducible: its entries are in a fixed order with a fixed timestamp, so
the same edition always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ger.datalicence import attribution, data_licence
from ger.editions.models import Edition
from ger.exports import edition_tables as tables
from ger.exports.contract import Rendered, render_csv
from ger.plandates import Precision, Qualifier
from ger.plans.models import Dependency, Mission

MEDIA_TYPE = "application/zip"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
BOOLEAN = {"type": "boolean", "trueValues": ["True"], "falseValues": ["False"]}


@dataclass(frozen=True)
class Table:
    """One resource of the package: its name, description and field schema."""

    name: str
    title: str
    fields: tuple[dict[str, Any], ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # field, resource, its field

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f["name"] for f in self.fields)


def _text(name: str, description: str = "", **extra: Any) -> dict[str, Any]:
    described = {"description": description} if description else {}
    return {"name": name, "type": "string", **described, **extra}


def package_tables() -> tuple[Table, ...]:
    """Return the package's tables with the schema of every column."""
    return (
        _missions_table(),
        _plans_table(),
        _partners_table(),
        _agencies_table(),
        _dependencies_table(),
    )


def _date_note() -> str:
    return _("GER date: 2025, 2025-Q3, 2025-05 or 2025-05-17, maybe after NET/NLT")


def _missions_table() -> Table:
    """Return the table of missions: who leads them, where they go, what they are."""
    return Table(
        "missions",
        _("Missions in the edition"),
        (
            _text("slug", _("unique key of the mission")),
            _text("name"),
            _text("lead", _("code of the lead agency")),
            _text(
                "partners",
                _("partner codes separated by ; (roles are in partners.csv)"),
            ),
            _text("destination", _("destination slug")),
            {"name": "crewed", **BOOLEAN},
            _text("kind", constraints={"enum": Mission.Kind.values}),
        ),
        primary_key=("slug",),
    )


def _plans_table() -> Table:
    """Return the table of each mission's plan as the edition stated it."""
    return Table(
        "plans",
        _("Each mission's plan as the edition stated it"),
        (
            _text("mission", _("slug of the mission")),
            _text("planned_launch", _date_note()),
            _text("planned_launch_precision", constraints={"enum": Precision.values}),
            _text(
                "planned_launch_qualifier",
                _("empty: as stated; net: no earlier than; nlt: no later than"),
                constraints={"enum": [q for q in Qualifier.values if q]},
            ),
            {
                "name": "planned_launch_start",
                "type": "date",
                "description": _("first day of the planned launch's period"),
            },
            {
                "name": "planned_launch_end",
                "type": "date",
                "description": _("last day of the planned launch's period"),
            },
            _text("statement", _("the plan in the words of the source")),
            _text("status", _("status at the time")),
            _text("in_edition", _("whether the plan was verified in the edition")),
            _text("basis", _("quoted from the edition or reconstructed")),
            _text("source_date"),
            _text(
                "known_since",
                _("the period the statement is dated to: when it became known"),
            ),
            _text(
                "not_recorded",
                _(
                    "facts the edition's record does not state, separated by ;"
                    " (empty cells, not 'none')"
                ),
            ),
            _text("note"),
            _text("actual_launch", _("working draft only: the actual launch")),
            _text("confidence", _("working draft only")),
            {"name": "uncertain", **BOOLEAN},
            _text("sources", _("addresses or titles, separated by ' | '")),
        ),
        primary_key=("mission",),
        foreign_keys=(("mission", "missions", "slug"),),
    )


def _partners_table() -> Table:
    """Return the table of each mission's partner agencies and their roles."""
    return Table(
        "partners",
        _("Partner agencies of each mission and their roles"),
        (_text("mission"), _text("agency"), _text("role")),
        primary_key=("mission", "agency"),
        foreign_keys=(("mission", "missions", "slug"),),
    )


def _agencies_table() -> Table:
    """Return the table of the member agencies at the edition's date."""
    return Table(
        "agencies",
        _("Member agencies of the coordination group at the edition's date"),
        (
            _text("code"),
            _text("name"),
            _text("country"),
            _text("joined", _date_note()),
            {"name": "founding", **BOOLEAN},
        ),
        primary_key=("code",),
    )


def _dependencies_table() -> Table:
    """Return the table of the dependencies between missions."""
    return Table(
        "dependencies",
        _("Missions that support or precede others"),
        (
            _text("upstream", _("slug of the mission that comes first")),
            _text("downstream", _("slug of the mission that depends on it")),
            _text("kind", constraints={"enum": Dependency.Kind.values}),
            {"name": "lag_months", "type": "integer"},
        ),
        foreign_keys=(
            ("upstream", "missions", "slug"),
            ("downstream", "missions", "slug"),
        ),
    )


def _rows(name: str, snapshot: tables.Snapshot) -> Iterator[tables.Row]:
    if name == "missions":
        return tables.mission_rows(snapshot)
    if name == "plans":
        return tables.plan_rows(snapshot)
    if name == "partners":
        return tables.partner_rows(snapshot)
    if name == "agencies":
        return tables.agency_rows(snapshot)
    return tables.dependency_rows(snapshot)


def descriptor(
    edition: Edition, snapshot: tables.Snapshot, files: dict[str, bytes]
) -> dict[str, Any]:
    """Return the datapackage.json of the edition's tables and their files."""
    meta = snapshot.get("edition", {})
    title = meta.get("title", edition.title)
    licence = data_licence()
    credit = edition_attribution(edition, meta)
    return {
        "profile": "tabular-data-package",
        "name": f"ger-{edition.slug}".lower(),
        "title": title,
        "description": _(
            "%(title)s (%(code)s) as published on the Global Exploration Roadmap "
            "platform: its missions and their plans as the edition stated them, "
            "the member agencies at the time and the dependencies between missions. "
            "Every fact keeps its sources. Published under %(licence)s; credit it as: "
            "%(attribution)s."
        )
        % {
            "title": title,
            "code": edition.code,
            "licence": licence.short,
            "attribution": credit,
        },
        **_created(edition),
        "licenses": [licence.as_descriptor()],
        "keywords": ["ISECG", "Global Exploration Roadmap", "space exploration"],
        "sources": [
            {"title": source.get("title") or source["url"], "path": source["url"]}
            for source in meta.get("sources", [])
            if isinstance(source, dict) and source.get("url")
        ],
        "ger": {
            "edition": edition.code,
            "released": meta.get("released"),
            "status": edition.status,
            "snapshot_sha256": edition.snapshot_sha256 or None,
            "attribution": credit,
        },
        "resources": [
            _resource(table, files[table.name]) for table in package_tables()
        ],
    }


def edition_attribution(edition: Edition, meta: dict[str, Any]) -> str:
    """Return the attribution line of the edition's data (ger.datalicence)."""
    title = meta.get("title", edition.title)
    if edition.is_published:
        # From the snapshot alone: a published edition's files never read today's data.
        return attribution(title, edition.code, meta.get("released"))
    last = Mission.objects.aggregate(last=Max("updated_at"))["last"]
    as_of = timezone.localtime(last).date() if last else None
    return attribution(title, edition.code, None, as_of)


def _created(edition: Edition) -> dict[str, str]:
    if not edition.is_published:
        return {}
    moment = edition.moment()
    return {"created": moment.isoformat().replace("+00:00", "Z")}


def _resource(table: Table, content: bytes) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": list(table.fields)}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": field, "reference": {"resource": resource, "fields": target}}
            for field, resource, target in table.foreign_keys
        ]
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "title": table.title,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(content),
        "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
        "schema": schema,
    }


def render_datapackage(
    edition: Edition, snapshot: tables.Snapshot, filename: str
) -> Rendered:
    """Render the edition's data package as a reproducible zip."""
    files = {
        table.name: render_csv(
            f"{table.name}.csv", table.columns, _rows(table.name, snapshot)
        ).content
        for table in package_tables()
    }
    manifest = json.dumps(
        descriptor(edition, snapshot, files), ensure_ascii=False, indent=2
    ).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in [("datapackage.json", manifest + b"\n")] + [
            (f"{name}.csv", content) for name, content in files.items()
        ]:
            entry = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, content)
    return Rendered(filename, MEDIA_TYPE, buffer.getvalue())
