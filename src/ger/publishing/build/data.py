"""The edition's open data release: every export of the edition, and its data package.

The files come from the export renderers of ``ger.exports`` (the same bytes as the
portal's downloads); the data package is also unpacked, so ``datapackage.json`` sits
beside the tables it describes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from ger.editions.models import Edition
from ger.exports.contract import Rendered
from ger.exports.landing_sites import render_site_features, snapshot_site_features
from ger.exports.services import build_export


@dataclass(frozen=True)
class DataFile:
    """A file of the release, with what it is in words."""

    name: str
    label: str


def _exports(edition: Edition) -> list[tuple[Rendered, str]]:
    labelled = [
        ("csv", _("Missions as stated, one row each (CSV)")),
        ("json", _("Missions, agencies and dependencies (JSON)")),
        ("ics", _("Launches (iCalendar)")),
        ("mspdi", _("Roadmap for project planners (MS Project XML)")),
        ("datapackage", _("Data package (zip of the tables with datapackage.json)")),
    ]
    rendered = [(build_export(kind, {}, edition), label) for kind, label in labelled]
    sites = render_site_features(
        snapshot_site_features(edition.verified_snapshot()),
        f"ger-{edition.slug}-landing-sites.geojson",
    )
    rendered.append((sites, _("Lunar landing sites (GeoJSON, Moon coordinates)")))
    return rendered


def _unpack(package: bytes, folder: Path) -> list[DataFile]:
    files = []
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for name in sorted(archive.namelist()):
            path = PurePosixPath(name)
            # The package is ours, but a file name never leaves the folder.
            if len(path.parts) != 1 or name.startswith("."):
                continue
            (folder / name).write_bytes(archive.read(name))
            label = (
                _("Data package descriptor (Frictionless)")
                if name == "datapackage.json"
                else _("Table %(name)s of the data package (CSV)") % {"name": path.stem}
            )
            files.append(DataFile(name, label))
    return files


def write_data(edition: Edition, folder: Path) -> list[DataFile]:
    """Write the edition's data release into ``folder``; return its files in order."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for rendered, label in _exports(edition):
        (folder / rendered.filename).write_bytes(rendered.content)
        files.append(DataFile(rendered.filename, label))
        if rendered.filename.endswith("-datapackage.zip"):
            files.extend(_unpack(rendered.content, folder))
    return sorted(files, key=lambda item: item.name)
