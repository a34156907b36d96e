"""Bulk loads send no per-record signals: each starts a new plan generation itself.

Kept analysis results last an hour, so a load that did not would leave them stale.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.cache import caches
from django.core.management import call_command

from ger.plancache import plan_generation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    caches["default"].clear()
    yield
    caches["default"].clear()


def test_seed_starts_a_new_generation(django_capture_on_commit_callbacks):
    before = plan_generation()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed", verbosity=0, stdout=StringIO())
    assert plan_generation() != before


def test_import_starts_a_new_generation(
    base_data, write_file, django_capture_on_commit_callbacks
):
    path = write_file(
        "new.yaml",
        """
        missions:
          - {slug: new-one, name: New, lead: ESA, destination: lunar-orbit, kind: science,
             status: studied, confidence: notional}
    """,
    )
    before = plan_generation()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import", str(path), stdout=StringIO())
    assert plan_generation() != before


@pytest.mark.parametrize("index", [False, True])
def test_synth_starts_a_new_generation(django_capture_on_commit_callbacks, index):
    before = plan_generation()
    arguments = ["--missions", "30", "--seed", "1"] + (["--index"] if index else [])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("synth", *arguments, stdout=StringIO())
    assert plan_generation() != before


def test_reindex_starts_a_new_generation(django_capture_on_commit_callbacks):
    before = plan_generation()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reindex", stdout=StringIO())
    assert plan_generation() != before
