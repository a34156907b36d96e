"""The REST API v1: one NinjaAPI, one router per resource, one error shape."""

from __future__ import annotations

from django.conf import settings
from ninja import NinjaAPI

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
from ger.api.throttling import AnonymousRateLimit, TokenRateLimit

# Generous for reads; documented in docs/api.md; GER_API_ANONYMOUS_RATE and
# GER_API_TOKEN_RATE change them (benchmarks raise them).
ANONYMOUS_RATE = settings.GER_API_ANONYMOUS_RATE
AUTHENTICATED_RATE = settings.GER_API_TOKEN_RATE

api = NinjaAPI(
    title="GER API",
    version="1",
    description=(
        "The Global Exploration Roadmap as data: agencies, destinations, missions, "
        "goals, objectives and editions. Reads are public. Errors share one shape: "
        '{"error": {"code", "message", "fields"}}.'
    ),
    urls_namespace="api",
    throttle=[AnonymousRateLimit(ANONYMOUS_RATE), TokenRateLimit(AUTHENTICATED_RATE)],
)
install_error_handlers(api)
api.add_router("/", agencies.router)
api.add_router("/", missions.router)
api.add_router("/", objectives.router)
api.add_router("/", editions.router)
api.add_router("/", coauthoring.router)
api.add_router("/", analysis.router)
