from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.workspace.conftest import (  # noqa: F401 - the shared cast
    anonymous,
    cast_data,
    esa_editor,
    jaxa_editor,
    nasa_editor,
    no_sign_in_failures_left,
    secretariat,
)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # The rate limiter counts in the cache; each test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seeded_data(seeded):
    """The bundled reference data (the shared ``seeded``), under an older name."""
