from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ger.plans.models import Mission
from tests.test_dataset_loading import BAD_FILE, table_counts

pytestmark = pytest.mark.django_db


def test_import_of_a_bad_file_fails_naming_every_problem_and_writes_nothing(
    base_data, write_file
):
    before = table_counts()
    path = write_file("bad.yaml", BAD_FILE)
    errors = StringIO()
    with pytest.raises(CommandError, match="3 problem"):
        call_command("import", str(path), stderr=errors)
    lines = errors.getvalue().splitlines()
    assert any(f"{path}:9: missions[probe-a].planned_launch:" in line for line in lines)
    assert any(
        f"{path}:12: missions[probe-b].lead: unknown agency 'NOPE'" in line
        for line in lines
    )
    assert any(
        f"{path}:19: dependencies[2].to: dependencies form a cycle" in line
        for line in lines
    )
    assert table_counts() == before


def test_import_dry_run_writes_nothing(base_data, write_file):
    path = write_file(
        "new.yaml",
        """
        missions:
          - {slug: new-one, name: New, lead: ESA, destination: lunar-orbit, kind: science,
             status: studied, confidence: notional}
    """,
    )
    output = StringIO()
    call_command("import", str(path), "--dry-run", stdout=output)
    assert "Dry run" in output.getvalue()
    assert not Mission.objects.filter(slug="new-one").exists()
    call_command("import", str(path), stdout=StringIO())
    assert Mission.objects.filter(slug="new-one").exists()


def test_the_ger_command_exits_non_zero_on_a_bad_file(tmp_path):
    database = tmp_path / "cli.sqlite3"
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{database}",
        "GER_VAR_DIR": str(tmp_path),
    }
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "agencies:\n  - code: X\n    name: X\n    member: {joined: '2019-02-30'}\n"
    )
    ger = [sys.executable, "-m", "ger"]
    subprocess.run([*ger, "migrate", "-v0"], env=env, check=True)
    result = subprocess.run(
        [*ger, "import", str(bad)], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert (
        f"{bad}:4: agencies[X].member.joined: '2019-02-30': day 30 does not exist"
        in result.stderr
    )
