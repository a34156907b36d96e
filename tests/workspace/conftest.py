"""The cast of the co-authoring tests: anonymous, NASA editor, ESA editor, secretariat.

On top of the shared small data set (``base_data``): two missions made through the
services, one led by each agency with the other as partner, so that every rule has
an own record and another agency's record to try.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from ger.plans.models import Mission
from ger.plans.services import (
    mission_state,
)
from ger.registry.services import create_account
from tests import shared_data, small_data
from tests.small_data import mission_fields

__all__ = ["PASSWORD", "form_data", "mission_fields"]

PASSWORD = "correct-horse-battery-staple-42"


@pytest.fixture(autouse=True)
def no_sign_in_failures_left() -> None:
    """Start each test with no sign-in failures counted (they live in the cache)."""
    cache.clear()


def cast_data(request: pytest.FixtureRequest, base_data: Any) -> dict[str, Mission]:
    """Add a NASA mission with ESA as partner and an ESA mission with NASA.

    Shared by the tests that need no committed rows (tests/shared_data.py): each
    gets the two missions read afresh.
    """
    if shared_data.uses_shared(request, "cast"):
        return small_data.cast_missions()
    return small_data.add_cast()


shared_data.SHARED_FIXTURES["cast_data"] = cast_data
cast_data = pytest.fixture(cast_data)


@pytest.fixture
def nasa_editor(cast_data: Any) -> User:
    return create_account("editor@nasa.test", "editor", "NASA", PASSWORD)


@pytest.fixture
def esa_editor(cast_data: Any) -> User:
    return create_account("editor@esa.test", "editor", "ESA", PASSWORD)


@pytest.fixture
def jaxa_editor(cast_data: Any) -> User:
    return create_account("editor@jaxa.test", "editor", "JAXA", PASSWORD)


@pytest.fixture
def secretariat(cast_data: Any) -> User:
    return create_account("chair@isecg.test", "secretariat", None, PASSWORD)


@pytest.fixture
def anonymous() -> None:
    return None


def form_data(mission: Mission, **changes: Any) -> dict[str, Any]:
    """Return the POST data of the mission form for ``mission`` with ``changes``."""
    from ger.workspace.mission_forms import MissionForm

    state = {**mission_state(mission), **changes}
    initial = MissionForm.initial_from_state(state, mission.version)
    data: dict[str, Any] = {}
    for name, value in initial.items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list):
            data[name] = value
        elif value is not None:
            data[name] = str(value)
    return data
