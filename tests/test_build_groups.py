"""The edition builds the tests share are each made by one pytest-xdist worker.

``--dist loadgroup`` sends the tests marked ``xdist_group`` (tests/conftest.py marks
every test that reads ``built`` or ``language_builds``) to one worker, which reads the
group from the test's id. pytest 9.2 no longer lets pytest-xdist 3.8 write that id, so
the groups were silently ignored and each worker built the edition for its share of
the tests (pytest is pinned to 9.1.1 in pyproject.toml). This test fails when the
groups stop reaching the scheduler again.
"""

from __future__ import annotations

import pytest

from tests.conftest import BUILD_FIXTURES


def test_each_test_that_reads_a_shared_build_carries_its_group_in_its_id(request):
    config = request.config
    if not getattr(config.option, "loadgroup", False):
        pytest.skip("the groups are read only by pytest-xdist's --dist loadgroup")
    grouped = [
        item
        for item in request.session.items
        if set(BUILD_FIXTURES) & set(getattr(item, "fixturenames", ()))
    ]
    if not grouped:
        pytest.skip("no test that reads a shared build was collected in this run")
    for item in grouped:
        groups = sorted(str(mark.args[0]) for mark in item.iter_markers("xdist_group"))
        assert groups, f"{item.nodeid} has no xdist_group marker"
        assert item.nodeid.endswith("@" + "_".join(groups)), item.nodeid
