"""Every data package GER makes passes Frictionless validation and names its licence.

The packages are unpacked into a folder and checked with the ``frictionless``
library's own validator (descriptor profile, schemas and types, primary and foreign
keys, byte counts and hashes), as ``frictionless validate datapackage.json`` would.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.test import override_settings
from frictionless import validate

from ger.editions.models import Edition
from ger.exports.services import build_export

CC_BY = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}


def unpack(edition: Edition, folder: Path) -> Path:
    """Write the edition's data package into ``folder``; return its descriptor."""
    rendered = build_export("datapackage", {}, edition)
    folder.mkdir(parents=True)
    with zipfile.ZipFile(io.BytesIO(rendered.content)) as archive:
        archive.extractall(folder)
    return folder / "datapackage.json"


def problems(path: Path) -> list[list[object]]:
    """Return every error the validator finds, as (task, row, field, type, note)."""
    report = validate(str(path))
    found: list[list[object]] = [
        ["package", None, None, error.type, error.note] for error in report.errors
    ]
    for task in report.tasks:
        found += [
            [
                task.name,
                getattr(error, "row_number", None),
                getattr(error, "field_name", None)
                or ",".join(getattr(error, "field_names", ())),
                error.type,
                error.note,
            ]
            for error in task.errors
        ]
    return found


def packaged_editions() -> list[Edition]:
    """Return the working draft (the current plan) and every published edition."""
    return [
        *Edition.objects.filter(status=Edition.Status.DRAFT),
        *Edition.objects.published(),
    ]


def test_every_package_of_the_bundled_data_validates_and_names_cc_by(seeded, tmp_path):
    editions = packaged_editions()
    assert len(editions) >= 10  # the draft and the published editions and re-issues
    assert editions[0].status == Edition.Status.DRAFT
    for edition in editions:
        path = unpack(edition, tmp_path / edition.slug)
        assert problems(path) == [], edition.code
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        assert descriptor["licenses"] == [CC_BY], edition.code
        line = descriptor["ger"]["attribution"]
        assert line.startswith("Global Exploration Roadmap data, "), line
        assert descriptor["title"] in line, line
        assert f"({edition.code}, " in line, line
        assert line.endswith(", GER platform, CC BY 4.0"), line
        assert line in descriptor["description"]


def test_the_attribution_names_the_release_date_or_the_drafts_last_change(seeded):
    supplement = Edition.objects.get(slug="2022-supplement")
    rendered = build_export("datapackage", {}, supplement)
    descriptor = json.loads(
        zipfile.ZipFile(io.BytesIO(rendered.content)).read("datapackage.json")
    )
    assert descriptor["ger"]["attribution"] == (
        "Global Exploration Roadmap data, 2022 GER Supplement (update to the 2020 "
        "Lunar Supplement) (GER-SUPP-2022, October 2022), GER platform, CC BY 4.0"
    )
    draft = Edition.objects.get(status=Edition.Status.DRAFT)
    rendered = build_export("datapackage", {}, draft)
    descriptor = json.loads(
        zipfile.ZipFile(io.BytesIO(rendered.content)).read("datapackage.json")
    )
    assert f"({draft.code}, as of " in descriptor["ger"]["attribution"]


def test_the_validator_catches_a_package_that_breaks_its_keys(seeded, tmp_path):
    """The check above can fail: a plan of an unknown mission breaks the foreign key."""
    path = unpack(Edition.objects.get(slug="2022-supplement"), tmp_path / "broken")
    plans = path.parent / "plans.csv"
    header, first, rest = plans.read_bytes().split(b"\r\n", 2)
    broken = b"\r\n".join([header, b"no-such-mission" + first[first.index(b",") :]])
    plans.write_bytes(broken + b"\r\n" + rest)
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "plans")
    content = plans.read_bytes()
    resource["bytes"] = len(content)
    resource["hash"] = "sha256:" + hashlib.sha256(content).hexdigest()
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    found = problems(path)
    assert [row[3] for row in found] == ["foreign-key"], found
    assert found[0][0] == "plans"
    assert found[0][2] == "mission"


def test_the_validator_catches_a_table_whose_bytes_changed(seeded, tmp_path):
    path = unpack(Edition.objects.get(slug="2022-supplement"), tmp_path / "changed")
    with (path.parent / "agencies.csv").open("ab") as table:
        table.write(b"XX,Extra,,,True\r\n")
    types = {row[3] for row in problems(path)}
    assert {"hash-count", "byte-count"} <= types


@pytest.mark.parametrize(
    ("setting", "name", "short"),
    [("CC0-1.0", "CC0-1.0", "CC0 1.0"), ("ODC-BY-1.0", "ODC-BY-1.0", "ODC-By 1.0")],
)
def test_a_deployment_can_name_another_licence(seeded, tmp_path, setting, name, short):
    edition = Edition.objects.get(slug="2022-supplement")
    with override_settings(GER_DATA_LICENCE=setting):
        path = unpack(edition, tmp_path / setting)
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    assert [licence["name"] for licence in descriptor["licenses"]] == [name]
    assert descriptor["ger"]["attribution"].endswith(f", GER platform, {short}")
    assert problems(path) == []
