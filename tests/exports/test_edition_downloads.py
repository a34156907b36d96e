"""An edition's bulk CSV and JSON, read from its verified snapshot."""

from __future__ import annotations

import csv
import io
import json

import pytest

from ger.editions.models import Edition
from ger.exports.edition_tables import COMBINED_COLUMNS
from ger.spreadsheet import safe_cell


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def test_the_edition_csv_holds_every_mission_as_the_edition_stated_it(client, seeded):
    response = client.get("/editions/2020-supplement/export/missions.csv")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="ger-2020-supplement-missions.csv"'
    )
    rows = csv_rows(response.content)
    assert list(rows[0]) == list(COMBINED_COLUMNS)
    snapshot = Edition.objects.get(slug="2020-supplement").verified_snapshot()
    stated = {m["slug"]: m for m in snapshot["missions"]}
    assert {row["slug"] for row in rows} == set(stated)
    for row in rows:
        assert (row["planned_launch"] or None) == stated[row["slug"]]["planned_launch"]


def test_the_edition_json_has_the_same_rows_and_the_snapshot_digest(client, seeded):
    csv_slugs = [
        row["slug"]
        for row in csv_rows(
            client.get("/editions/2022-supplement/export/missions.csv").content
        )
    ]
    response = client.get("/editions/2022-supplement/export/missions.json")
    document = json.loads(response.content)
    edition = Edition.objects.get(slug="2022-supplement")
    assert document["edition"]["code"] == "GER-SUPP-2022"
    assert document["edition"]["snapshot_sha256"] == edition.snapshot_sha256
    assert [m["slug"] for m in document["missions"]] == csv_slugs
    assert document["count"] == len(csv_slugs)
    assert document["dependencies"]
    assert document["agencies"]
    assert isinstance(document["missions"][0]["crewed"], bool)


def test_the_edition_downloads_take_the_mission_list_filters(client, seeded):
    rows = csv_rows(
        client.get(
            "/editions/2022-supplement/export/missions.csv"
            "?destination=lunar-surface&ordering=-name"
        ).content
    )
    assert rows
    assert all(row["destination"].startswith("lunar-") for row in rows)
    assert [row["name"] for row in rows] == sorted(
        (row["name"] for row in rows), reverse=True
    )
    json_rows = json.loads(
        client.get("/editions/2022-supplement/export/missions.json?lead=NASA").content
    )["missions"]
    assert json_rows
    assert {row["lead"] for row in json_rows} == {"NASA"}


@pytest.mark.parametrize(
    ("url", "status", "parameter"),
    [
        ("/editions/no-such-edition/export/missions.csv", 404, None),
        ("/editions/2022-supplement/export/missions.csv?kind=spaceship", 400, "kind"),
        (
            "/editions/2022-supplement/export/missions.json?objective=O1",
            400,
            "objective",
        ),
        (
            "/editions/2022-supplement/export/missions.ics?planned_after=soon",
            400,
            "planned_after",
        ),
        (
            "/editions/2022-supplement/export/roadmap.xml?confidence=notional",
            400,
            "confidence",
        ),
    ],
)
def test_bad_editions_and_filters_get_a_clear_answer(
    client, seeded, url, status, parameter
):
    response = client.get(url)
    assert response.status_code == status
    if parameter:
        assert response.content.decode().startswith(f"{parameter}:")


def test_an_unpublished_edition_is_not_downloadable(client, seeded):
    Edition.objects.create(
        code="GER-DRAFT", slug="next-draft", title="Next", kind="roadmap"
    )
    assert client.get("/editions/next-draft/export/missions.csv").status_code == 404


def test_a_post_is_refused(client, seeded):
    assert client.post("/exports/roadmap.xml").status_code == 405


def test_csv_numbers_stay_numbers_and_text_cannot_become_a_formula():
    assert safe_cell(-70.881) == "-70.881"
    assert safe_cell(-3) == "-3"
    assert safe_cell("-3") == "'-3"
    assert safe_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert safe_cell(True) == "True"
