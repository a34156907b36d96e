"""The data sets made once per test process (tests/shared_data.py) keep tests isolated.

The two tests that probe a leak run one after the other in a serial run (the order
of a file is kept); under pytest-xdist they may land in different processes.
"""

from __future__ import annotations

import pytest
from django.db import connection

from ger.plans.models import Mission
from ger.registry.models import Agency
from tests import shared_data

PROBE_NAME = "Written by the test before"


def test_a_test_that_asks_for_seeded_reads_the_bundled_data_inside_its_savepoint(
    seeded,
):
    shared = shared_data.SharedData.current
    assert shared is not None
    assert shared.is_open("bundled")
    # The shared transaction first, then pytest-django's savepoints for this test.
    assert len(connection.atomic_blocks) >= 2
    assert connection.savepoint_ids
    assert Agency.objects.members().count() == 27
    assert Mission.objects.filter(slug="artemis-iii").exists()


def test_a_write_in_one_test_sharing_the_data_is_made(seeded):
    Mission.objects.filter(slug="artemis-iii").update(name=PROBE_NAME)
    Agency.objects.filter(code="ESA").update(name=PROBE_NAME)
    assert Mission.objects.get(slug="artemis-iii").name == PROBE_NAME
    assert Agency.objects.get(code="ESA").name == PROBE_NAME


def test_the_next_test_sharing_the_data_does_not_see_that_write(seeded):
    assert Mission.objects.get(slug="artemis-iii").name != PROBE_NAME
    assert Agency.objects.get(code="ESA").name != PROBE_NAME


def test_a_test_without_seeded_starts_on_an_empty_database(db):
    assert not Agency.objects.exists()
    assert not Mission.objects.exists()
    shared = shared_data.SharedData.current
    assert shared is None or not shared.is_open()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_that_asks_for_seeded_gets_committed_rows(seeded):
    assert not connection.in_atomic_block
    assert Agency.objects.members().count() == 27


def test_a_test_of_the_small_data_set_alone_gets_it_without_the_cast(base_data):
    shared = shared_data.SharedData.current
    assert shared is not None
    assert shared.is_open("base")
    assert base_data.name == "base.yaml"
    assert sorted(Mission.objects.values_list("slug", flat=True)) == [
        "lander-two",
        "orbiter-one",
    ]


def test_the_tests_of_each_data_set_run_together_first_and_open_it_first(request):
    items = request.session.items
    order = list(shared_data.DATA_SETS)
    data_sets = [shared_data.shared_data_of(item) for item in items]
    assert "bundled" in data_sets
    ranks = [order.index(d) if d is not None else len(order) for d in data_sets]
    assert ranks == sorted(ranks)
    for item in items:
        names = getattr(item, "fixturenames", None)
        if names is not None:
            assert names[0] == shared_data.SWITCH, item.nodeid
