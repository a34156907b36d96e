from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture
def seeded(db):
    call_command("seed", verbosity=0)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # The rate limiter counts in the cache; each test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()
