"""Imports have bounds: nesting, NUL characters, field lengths and file size are each
refused with one ``file:line: field: message``, never a traceback."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ger.dataset import reading
from ger.plans.models import Mission
from tests.test_dataset_loading import table_counts

pytestmark = pytest.mark.django_db

MISSION = (
    "missions:\n"
    "  - {slug: new-one, name: New, lead: ESA, destination: lunar-orbit,"
    " kind: science, status: studied, confidence: notional%s}\n"
)


def refused(path) -> list[str]:
    errors = StringIO()
    with pytest.raises(CommandError, match="problem"):
        call_command("import", str(path), stderr=errors)
    return [line for line in errors.getvalue().splitlines() if line.strip()]


def test_a_json_list_nested_thousands_deep_is_one_clear_problem(base_data, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"missions": ' + "[" * 5000 + "]" * 5000 + "}")
    before = table_counts()
    problems = refused(path)
    # libyaml's own limit (1,000 levels of brackets) or GER's (20) speaks first.
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:1: file: ")
    assert "nest" in problems[0]
    assert table_counts() == before


def test_yaml_nested_hundreds_deep_is_one_clear_problem(base_data, tmp_path):
    path = tmp_path / "deep.yaml"
    lines = ["missions:"] + [f"{'  ' * depth}- " for depth in range(1, 400)]
    path.write_text("\n".join(lines) + "x\n")
    problems = refused(path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:")
    assert problems[0].endswith(": file: nested more than 20 levels deep")


def test_a_nul_escape_in_yaml_is_refused_with_its_line(base_data, write_file):
    path = write_file("nul.yaml", MISSION % ', description: "a\\0b"')
    assert refused(path) == [
        f"{path}:2: file: a value holds a NUL character (\\0), which GER does not store"
    ]
    assert not Mission.objects.filter(slug="new-one").exists()


def test_a_nul_in_a_csv_cell_is_refused_with_its_line_and_column(base_data, tmp_path):
    path = tmp_path / "missions.csv"
    path.write_text(
        "slug,name,lead,destination,kind,status,confidence\n"
        "new-one,Ne\x00w,ESA,lunar-orbit,science,studied,notional\n"
    )
    assert refused(path) == [
        f"{path}:2: file: name: holds a NUL character, which GER does not store"
    ]


def test_a_description_longer_than_the_apis_limit_is_refused(base_data, write_file):
    path = write_file("long.yaml", MISSION % (", description: " + "x" * 20001))
    problems = refused(path)
    assert problems == [
        f"{path}:2: missions[new-one].description: is longer than 20000 characters"
    ]
    call_command(
        "import",
        str(write_file("ok.yaml", MISSION % (", description: " + "x" * 20000))),
        stdout=StringIO(),
    )
    assert len(Mission.objects.get(slug="new-one").description) == 20000


def test_a_file_above_the_size_limit_is_refused_unread(
    base_data, write_file, monkeypatch
):
    path = write_file("big.yaml", MISSION % "")
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 100)
    size = path.stat().st_size
    assert refused(path) == [f"{path}:1: file: is {size:,} bytes; the limit is 100"]


def test_a_list_where_a_whole_number_belongs_is_a_problem_not_a_crash(
    base_data, write_file
):
    path = write_file("list.yaml", MISSION % ", duration_days: [1, 2]")
    assert refused(path) == [
        f"{path}:2: missions[new-one].duration_days: [1, 2] is not a whole number"
    ]
