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

from ger.history.missions import (
    create_mission,
)
from ger.objectives.models import Goal, Objective
from ger.plans.models import Mission
from ger.plans.services import (
    mission_state,
)
from ger.registry.services import create_account

PASSWORD = "correct-horse-battery-staple-42"


def mission_fields(**overrides: Any) -> dict[str, Any]:
    """Return a complete, valid mission state."""
    state = {
        "slug": "probe",
        "name": "Probe",
        "aliases": [],
        "lead": "NASA",
        "partners": [],
        "destination": "lunar-orbit",
        "crewed": False,
        "kind": "science",
        "status": "planned",
        "confidence": "reported",
        "planned_launch": "2027",
        "planned_launch_note": "",
        "actual_launch": None,
        "ended": None,
        "outcome_note": "",
        "duration_days": None,
        "cospar_id": "",
        "site_name": "",
        "site_latitude": None,
        "site_longitude": None,
        "site_kind": "",
        "site_uncertain": False,
        "site_note": "",
        "description": "",
        "notes": "",
        "uncertain": False,
        "uncertain_note": "",
        "objectives": [],
        "provides": [],
        "needs": [],
        "sources": [],
    }
    state.update(overrides)
    return state


@pytest.fixture(autouse=True)
def no_sign_in_failures_left() -> None:
    """Start each test with no sign-in failures counted (they live in the cache)."""
    cache.clear()


@pytest.fixture
def cast_data(base_data: Any) -> dict[str, Mission]:
    """Add a NASA mission with ESA as partner and an ESA mission with NASA."""
    goal = Goal.objects.create(code="G1", title="Search for life")
    Objective.objects.create(code="O1", title="Sample the poles", goal=goal)
    nasa = create_mission(
        mission_fields(
            slug="nasa-rover",
            name="NASA Rover",
            lead="NASA",
            partners=[{"agency": "ESA", "role": "camera", "uncertain": False}],
            planned_launch="2028-Q3",
        ),
        None,
    )
    esa = create_mission(
        mission_fields(
            slug="esa-lander",
            name="ESA Lander",
            lead="ESA",
            partners=[{"agency": "NASA", "role": "relay", "uncertain": False}],
            planned_launch="NET 2029",
        ),
        None,
    )
    return {"NASA": nasa, "ESA": esa}


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
