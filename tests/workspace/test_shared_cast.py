"""The co-authoring cast shared by the tests of one process (tests/shared_data.py).

The two tests that probe a leak run one after the other in a serial run (the order
of a file is kept); under pytest-xdist they may land in different processes.
"""

from __future__ import annotations

import pytest
from django.db import connection

from ger.plans.models import Mission
from ger.registry.models import Agency
from tests import shared_data

pytestmark = pytest.mark.django_db

PROBE_NAME = "Written by the test before"


def test_a_write_in_one_test_sharing_the_cast_is_made(cast_data):
    Mission.objects.filter(slug="nasa-rover").update(name=PROBE_NAME)
    cast_data["ESA"].delete()
    assert Mission.objects.get(slug="nasa-rover").name == PROBE_NAME
    assert not Mission.objects.filter(slug="esa-lander").exists()


def test_the_next_test_sharing_the_cast_does_not_see_that_write(cast_data):
    shared = shared_data.SharedData.current
    assert shared is not None
    assert shared.is_open("cast")
    assert cast_data["NASA"].name == "NASA Rover"
    assert cast_data["ESA"].slug == "esa-lander"
    # The small data set beneath it, and nothing of the bundled data.
    assert Mission.objects.count() == 4
    assert Agency.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_that_asks_for_the_cast_gets_committed_rows(cast_data):
    assert not connection.in_atomic_block
    assert Mission.objects.count() == 4
