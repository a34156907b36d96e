"""Mission services: the state of a mission (the processes that change it, each
recorded as a revision, are in ``ger.history.missions``)."""

from __future__ import annotations

from ger.plans.services.state import (
    FIELD_LABELS,
    PLAN_AND_OUTCOME_FIELDS,
    STATE_FIELDS,
    MissionInputError,
    apply_changes,
    check_changes,
    field_label,
    mission_state,
    missions_for_state,
)

__all__ = [
    "FIELD_LABELS",
    "PLAN_AND_OUTCOME_FIELDS",
    "STATE_FIELDS",
    "MissionInputError",
    "apply_changes",
    "check_changes",
    "field_label",
    "mission_state",
    "missions_for_state",
]
