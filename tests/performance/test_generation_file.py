"""Without Redis, the plan generation is shared by this machine's processes (a file).

Each gunicorn worker has its own local-memory cache: a change saved through one
worker, or loaded by a command, must still start a new generation in every other.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
from django.core.cache import caches

from ger import plancache
from ger.plancache import new_plan_generation, plan_cached, plan_generation

pytestmark = pytest.mark.usefixtures("empty_caches")


@pytest.fixture
def own_file(settings, tmp_path):
    settings.PLAN_GENERATION_FILE = tmp_path / "plan-generation"
    return tmp_path


def test_a_change_made_by_another_process_starts_a_new_generation_here(own_file):
    before = plan_generation()
    assert (own_file / "plan-generation").read_text() == before
    kept = plan_cached("answer", lambda: "computed before")
    other_process = {**os.environ, "DEBUG": "true", "GER_VAR_DIR": str(own_file)}
    other_process.pop("REDIS_URL", None)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ger",
            "shell",
            "-c",
            "from ger.plancache import new_plan_generation; new_plan_generation()",
        ],
        env=other_process,
        check=True,
        capture_output=True,
    )
    assert plan_generation() != before
    assert kept == "computed before"
    assert plan_cached("answer", lambda: "computed again") == "computed again"


def test_changes_within_one_clock_tick_are_each_seen(own_file):
    seen = {plan_generation()}
    for _ in range(20):
        new_plan_generation()
        seen.add(plan_generation())
    assert len(seen) == 21


def test_a_generation_file_that_cannot_be_written_falls_back_to_this_process(
    settings, tmp_path, caplog
):
    (tmp_path / "a-file").write_text("not a folder")
    settings.PLAN_GENERATION_FILE = tmp_path / "a-file" / "plan-generation"
    plancache._FILE._warned = False
    with caplog.at_level(logging.WARNING, logger="ger.plancache"):
        before = plan_generation()
        new_plan_generation()
        after = plan_generation()
        new_plan_generation()
    assert len({before, after, plan_generation()}) == 3
    warnings = [r for r in caplog.records if "cannot be written" in r.getMessage()]
    assert len(warnings) == 1
    assert "a-file" in warnings[0].getMessage()


def test_clearing_the_cache_keeps_the_generation(own_file):
    before = plan_generation()
    caches["default"].clear()
    assert plan_generation() == before


def test_once_the_file_can_be_written_again_its_generation_counts(settings, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    settings.PLAN_GENERATION_FILE = tmp_path / "a-file" / "plan-generation"
    new_plan_generation()  # kept in this process's cache: the file cannot be written
    stuck = plan_generation()
    settings.PLAN_GENERATION_FILE = tmp_path / "plan-generation"
    new_plan_generation()
    assert plan_generation() != stuck
    assert plan_generation() == (tmp_path / "plan-generation").read_text()
