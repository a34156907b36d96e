"""Missions and activities, where they go, what they provide and what they depend on."""

from __future__ import annotations

from ger.plans.models.catalogue import Capability, Destination
from ger.plans.models.dated_facts import MissionEvent, PlanStatement
from ger.plans.models.links import (
    Dependency,
    MissionCapability,
    MissionObjective,
    MissionPartner,
    MissionSource,
)
from ger.plans.models.missions import (
    AWAITING_LAUNCH,
    PLAN_COLUMNS,
    Mission,
    MissionQuerySet,
)

__all__ = [
    "AWAITING_LAUNCH",
    "PLAN_COLUMNS",
    "Capability",
    "Dependency",
    "Destination",
    "Mission",
    "MissionCapability",
    "MissionEvent",
    "MissionObjective",
    "MissionPartner",
    "MissionQuerySet",
    "MissionSource",
    "PlanStatement",
]
