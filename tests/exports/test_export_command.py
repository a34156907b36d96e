"""``ger export``: every format from the command line, and errors naming the option."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.core.management import CommandError, call_command
from icalendar import Calendar


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("export", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_filtered_mission_csv(seeded):
    rows = list(csv.DictReader(io.StringIO(run("csv", "--lead", "JAXA"))))
    assert rows
    assert {row["lead"] for row in rows} == {"JAXA"}


def test_repeated_and_comma_separated_filters_add_up(seeded):
    repeated = json.loads(run("json", "--lead", "JAXA", "--lead", "ESA"))
    separated = json.loads(run("json", "--lead", "JAXA,ESA"))
    assert repeated == separated
    assert {m["lead"] for m in repeated["missions"]} == {"JAXA", "ESA"}


def test_it_writes_an_edition_calendar_found_by_code(seeded, tmp_path):
    out = tmp_path / "launches.ics"
    summary = run("ics", "--edition", "GER-SUPP-2022", "--out", str(out))
    assert summary.startswith(f"wrote {out}")
    calendar = Calendar.from_ical(out.read_bytes())
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert uids
    assert all(uid.endswith(".2022-supplement@ger") for uid in uids)


def test_it_writes_the_landing_sites_and_the_roadmap(seeded):
    assert json.loads(run("geojson", "--destination", "lunar-far-side"))["features"]
    root = ET.fromstring(run("mspdi", "--agency", "ESA").encode())
    assert root.tag == "{http://schemas.microsoft.com/project}Project"


def test_it_writes_a_data_package_to_a_file(seeded, tmp_path):
    out = tmp_path / "package.zip"
    run("datapackage", "--edition", "2020-supplement", "--out", str(out))
    assert "datapackage.json" in zipfile.ZipFile(out).namelist()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("csv", "--edition", "GER-99"), "--edition: no edition has the code or slug"),
        (("csv", "--status", "flying"), "--status: 'flying' is not one of"),
        (
            ("ics", "--planned-after", "2040", "--planned-before", "2030"),
            "--planned-before:",
        ),
        (("geojson", "--edition", "2022-supplement"), "--edition: landing sites"),
        (("datapackage", "--out", "x.zip"), "--edition: a data package"),
        (
            ("datapackage", "--edition", "2022-supplement"),
            "--out: datapackage is a zip",
        ),
        (
            ("mspdi", "--edition", "2022-supplement", "--objective", "O1"),
            "--objective:",
        ),
    ],
)
def test_bad_options_are_refused_naming_the_option(seeded, args, message):
    with pytest.raises(CommandError) as error:
        run(*args)
    assert str(error.value).startswith(message)


def test_an_unwritable_file_is_refused_naming_out(seeded, tmp_path):
    with pytest.raises(CommandError, match=r"^--out:"):
        run("csv", "--out", str(tmp_path / "missing" / "x.csv"))
