"""An edition's data package: a zip whose CSVs match its datapackage.json."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import zipfile

import pytest

from ger.editions.models import Edition

URL = "/editions/2022-supplement/export/datapackage.zip"
NAME = re.compile(r"^[a-z0-9._/-]+$")


def open_package(content: bytes) -> tuple[dict, dict[str, bytes]]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert archive.testzip() is None
    files = {info.filename: archive.read(info) for info in archive.infolist()}
    return json.loads(files.pop("datapackage.json")), files


def check_cell(field: dict, text: str) -> None:
    """Assert that ``text`` is a value of ``field``'s type, or missing."""
    if text == "":
        return
    kind = field["type"]
    if kind == "boolean":
        assert text in field["trueValues"] + field["falseValues"], (field, text)
    elif kind == "integer":
        assert re.fullmatch(r"-?\d+", text), (field, text)
    elif kind == "date":
        dt.date.fromisoformat(text)
    else:
        assert kind == "string", field
    if "enum" in field.get("constraints", {}):
        assert text in field["constraints"]["enum"], (field, text)


def test_the_package_is_a_valid_tabular_data_package(client, seeded):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="ger-2022-supplement-datapackage.zip"'
    )
    descriptor, files = open_package(response.content)
    assert descriptor["profile"] == "tabular-data-package"
    assert NAME.match(descriptor["name"])
    assert descriptor["ger"]["edition"] == "GER-SUPP-2022"
    assert descriptor["sources"]
    assert all(s["path"] for s in descriptor["sources"])
    names = [resource["name"] for resource in descriptor["resources"]]
    assert names == ["missions", "plans", "partners", "agencies", "dependencies"]
    assert set(files) == {resource["path"] for resource in descriptor["resources"]}


def test_every_csv_parses_and_matches_its_schema(client, seeded):
    descriptor, files = open_package(client.get(URL).content)
    tables = {}
    for resource in descriptor["resources"]:
        content = files[resource["path"]]
        assert resource["bytes"] == len(content)
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
        assert resource["format"] == "csv"
        assert resource["mediatype"] == "text/csv"
        reader = csv.DictReader(io.StringIO(content.decode(resource["encoding"])))
        fields = resource["schema"]["fields"]
        assert reader.fieldnames == [field["name"] for field in fields]
        rows = list(reader)
        for row in rows:
            for field in fields:
                check_cell(field, row[field["name"]])
        key = resource["schema"].get("primaryKey")
        if key:
            keys = [tuple(row[name] for name in key) for row in rows]
            assert len(keys) == len(set(keys)), resource["name"]
        tables[resource["name"]] = (resource, rows)
    for resource, rows in tables.values():
        for foreign in resource["schema"].get("foreignKeys", []):
            target = foreign["reference"]
            known = {row[target["fields"]] for row in tables[target["resource"]][1]}
            assert {row[foreign["fields"]] for row in rows} <= known


def test_the_package_holds_what_the_edition_stated(client, seeded):
    edition = Edition.objects.get(slug="2022-supplement")
    snapshot = edition.verified_snapshot()
    _descriptor, files = open_package(client.get(URL).content)
    plans = {
        row["mission"]: row
        for row in csv.DictReader(io.StringIO(files["plans.csv"].decode()))
    }
    assert set(plans) == {m["slug"] for m in snapshot["missions"]}
    artemis = plans["artemis-iii"]
    assert artemis["planned_launch"] == "NET 2025"
    assert artemis["planned_launch_precision"] == "year"
    assert artemis["planned_launch_qualifier"] == "net"
    assert (artemis["planned_launch_start"], artemis["planned_launch_end"]) == (
        "2025-01-01",
        "2025-12-31",
    )
    agencies = list(csv.DictReader(io.StringIO(files["agencies.csv"].decode())))
    assert len(agencies) == len(snapshot["agencies"])
    dependencies = list(csv.DictReader(io.StringIO(files["dependencies.csv"].decode())))
    assert len(dependencies) == len(snapshot["dependencies"])


def test_the_zip_is_the_same_bytes_every_time(client, seeded):
    first, second = client.get(URL).content, client.get(URL).content
    assert first == second
    for info in zipfile.ZipFile(io.BytesIO(first)).infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)


def test_the_working_draft_has_a_package_of_the_current_plan(client, seeded):
    descriptor, files = open_package(
        client.get("/editions/current/export/datapackage.zip").content
    )
    assert descriptor["ger"]["status"] == "draft"
    plans = list(csv.DictReader(io.StringIO(files["plans.csv"].decode())))
    assert {"actual_launch", "confidence"} <= set(plans[0])
    assert any(row["actual_launch"] for row in plans)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/editions/no-such-edition/export/datapackage.zip", 404),
        (f"{URL}?agency=NASA", 400),
    ],
)
def test_bad_requests_are_refused_clearly(client, seeded, url, status):
    response = client.get(url)
    assert response.status_code == status
    if status == 400:
        assert response.content.decode().startswith("agency:")
