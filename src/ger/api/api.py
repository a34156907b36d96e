"""The REST API v1: one NinjaAPI, one router per resource, one error shape."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from ger.api.errors import install_error_handlers
from ger.api.resources import (
    agencies,
    analysis,
    coauthoring,
    editions,
    mission_writes,  # noqa: F401 - adds the write operations to the missions router
    missions,
    objectives,
)

# Generous for reads; documented in docs/api.md.
ANONYMOUS_RATE = "600/m"
AUTHENTICATED_RATE = "3000/m"

api = NinjaAPI(
    title="GER API",
    version="1",
    description=(
        "The Global Exploration Roadmap as data: agencies, destinations, missions, "
        "goals, objectives and editions. Reads are public. Errors share one shape: "
        '{"error": {"code", "message", "fields"}}.'
    ),
    urls_namespace="api",
    throttle=[AnonRateThrottle(ANONYMOUS_RATE), AuthRateThrottle(AUTHENTICATED_RATE)],
)
install_error_handlers(api)
api.add_router("/", agencies.router)
api.add_router("/", missions.router)
api.add_router("/", objectives.router)
api.add_router("/", editions.router)
api.add_router("/", coauthoring.router)
api.add_router("/", analysis.router)
