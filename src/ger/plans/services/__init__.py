"""Mission services: the state of a mission, and the processes that change it."""

from __future__ import annotations

from ger.plans.services.missions import (
    MissionInUseError,
    StaleVersionError,
    create_mission,
    delete_mission,
    mission_etag,
    mission_revisions,
    update_mission,
    update_partnership,
    version_from_if_match,
)
from ger.plans.services.state import (
    FIELD_LABELS,
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
    "STATE_FIELDS",
    "MissionInUseError",
    "MissionInputError",
    "StaleVersionError",
    "apply_changes",
    "check_changes",
    "create_mission",
    "delete_mission",
    "field_label",
    "mission_etag",
    "mission_revisions",
    "mission_state",
    "missions_for_state",
    "update_mission",
    "update_partnership",
    "version_from_if_match",
]
