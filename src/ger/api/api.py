"""The REST API v1: one NinjaAPI, one router per resource, one error shape."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from ninja import NinjaAPI, Swagger
from ninja.openapi.schema import OpenAPISchema

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
from ger.http.throttling import TokenRateLimit, anonymous_api_limit

# Generous for reads; documented in docs/api.md; GER_API_ANONYMOUS_RATE and
# GER_API_TOKEN_RATE change them (benchmarks raise them).
AUTHENTICATED_RATE = settings.GER_API_TOKEN_RATE


class GerAPI(NinjaAPI):
    """The API, whose OpenAPI document is built once per process and then kept.

    Building it walks every operation and schema (about 0.1 s); it only changes with
    the code, so a new process (a deploy) is the only time it needs building again.
    """

    _schemas: dict[str, OpenAPISchema]

    def get_openapi_schema(
        self,
        *,
        path_prefix: str | None = None,
        path_params: dict[str, Any] | None = None,
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        schemas = self.__dict__.setdefault("_schemas", {})
        if path_prefix not in schemas:
            schemas[path_prefix] = super().get_openapi_schema(
                path_prefix=path_prefix, path_params=path_params
            )
        kept: OpenAPISchema = schemas[path_prefix]
        return kept


# The docs page fetches the document after it shows; operations stay folded until
# opened and the models section is left out, so the page is usable in well under a
# second instead of laying out every operation and model first.
DOCS = Swagger(
    settings={
        "docExpansion": "none",
        "defaultModelsExpandDepth": -1,
        "filter": True,
        "tryItOutEnabled": False,
    }
)

api = GerAPI(
    title="GER API",
    version="1",
    description=(
        "The Global Exploration Roadmap as data: agencies, destinations, missions, "
        "goals, objectives and editions. Reads are public. Errors share one shape: "
        '{"error": {"code", "message", "fields"}}.'
    ),
    urls_namespace="api",
    docs=DOCS,
    throttle=[anonymous_api_limit(), TokenRateLimit(AUTHENTICATED_RATE)],
)
install_error_handlers(api)
api.add_router("/", agencies.router)
api.add_router("/", missions.router)
api.add_router("/", objectives.router)
api.add_router("/", editions.router)
api.add_router("/", coauthoring.router)
api.add_router("/", analysis.router)
