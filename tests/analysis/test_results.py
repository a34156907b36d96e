"""Every result renders as JSON, CSV and an aligned text table from one contract."""

from __future__ import annotations

import csv
import io
import json

from ger.analysis.coverage import objective_coverage
from ger.analysis.results import to_csv, to_json, to_text_table
from tests.analysis.builders import item, portfolio


def report():
    return objective_coverage(
        portfolio(item("lander", "2028", objectives=("O1",)), objectives=("O1", "O2"))
    )


def test_json_is_the_result_as_a_dict():
    data = json.loads(to_json(report()))
    assert data["analysis"] == "coverage"
    assert data["gaps"] == ["O2"]


def test_csv_has_a_header_and_one_row_per_table_row():
    rows = list(csv.reader(io.StringIO(to_csv(report()))))
    assert rows[0][:3] == ["objective", "title", "missions"]
    assert [row[0] for row in rows[1:]] == ["O1", "O2"]
    assert rows[2][5] == "True"


def test_the_text_table_aligns_columns_and_shows_missing_values():
    lines = to_text_table(report()).splitlines()
    assert lines[0].startswith("objective  title")
    assert lines[1].startswith("---------  ")
    assert lines[3].split()[:2] == ["O2", "Objective"]
    assert "—" in lines[3]
