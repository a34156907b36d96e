"""Cross-cutting HTTP protections: body size limit and database outages."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger("ger.web")

Handler = Callable[[HttpRequest], HttpResponse]


def _error(
    request: HttpRequest, status: int, code: str, message: str, template: str
) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = {"error": {"code": code, "message": message, "fields": {}}}
        return JsonResponse(body, status=status)
    return HttpResponse(render_to_string(template, {"message": message}), status=status)


class RequestSizeLimitMiddleware:
    """Refuse bodies larger than GER_MAX_BODY_BYTES with 413, before reading them."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(settings.GER_MAX_BODY_BYTES)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return _error(
                request,
                413,
                "too_large",
                f"the request body is {length} bytes; the limit is {limit}",
                "413.html",
            )
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Answer 503 (a plain page, or the API's error shape) when the database is down."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if isinstance(exception, (OperationalError, InterfaceError)) or (
            isinstance(exception, DatabaseError)
            and "connection" in str(exception).lower()
        ):
            logger.error("database unavailable on %s: %s", request.path, exception)
            response = _error(
                request,
                503,
                "unavailable",
                "the database is not reachable; please try again in a minute",
                "503.html",
            )
            response["Retry-After"] = "60"
            return response
        return None
