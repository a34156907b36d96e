"""One error shape for the whole API: ``{"error": {"code", "message", "fields"}}``."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from ger.plans.filters import FilterError

logger = logging.getLogger("ger.api")

CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    412: "precondition_failed",
    413: "too_large",
    422: "invalid_parameter",
    428: "precondition_required",
    429: "rate_limited",
    503: "unavailable",
    500: "server_error",
}


class ApiError(Exception):
    """An error a view raises to answer with the shared error shape."""

    def __init__(
        self, status: int, message: str, fields: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields or {}


def error_body(
    status: int, message: str, fields: dict[str, str] | None = None
) -> dict[str, Any]:
    return {
        "error": {
            "code": CODES.get(status, "error"),
            "message": message,
            "fields": fields or {},
        }
    }


def _field_name(location: Any) -> str:
    parts = [
        str(part)
        for part in location
        if part not in ("query", "path", "body", "payload")
    ]
    return ".".join(parts) or "request"


def install_error_handlers(api: NinjaAPI) -> None:
    """Make every error of ``api`` answer in the shared shape."""

    def respond(
        request: HttpRequest,
        status: int,
        message: str,
        fields: dict[str, str] | None = None,
    ) -> HttpResponse:
        return api.create_response(
            request, error_body(status, message, fields), status=status
        )

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, error: ApiError) -> HttpResponse:
        return respond(request, error.status, error.message, error.fields)

    @api.exception_handler(FilterError)
    def filter_error(request: HttpRequest, error: FilterError) -> HttpResponse:
        return respond(
            request,
            422,
            f"{error.parameter}: {error.message}",
            {error.parameter: error.message},
        )

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
        fields = {
            _field_name(item.get("loc", ())): str(item.get("msg", "invalid"))
            for item in error.errors
        }
        names = ", ".join(sorted(fields))
        return respond(request, 422, f"invalid value for {names}", fields)

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, error: Throttled) -> HttpResponse:
        return respond(
            request, 429, "too many requests; retry after the time in Retry-After"
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(
        request: HttpRequest, error: AuthenticationError
    ) -> HttpResponse:
        response = respond(request, 401, "a valid bearer token is required")
        response["WWW-Authenticate"] = 'Bearer realm="ger"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        return respond(request, error.status_code, str(error))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
        return respond(request, 404, str(error) or "not found")

    @api.exception_handler(RequestDataTooBig)
    def too_large(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
        return respond(request, 413, "the request body is larger than the limit")

    @api.exception_handler(OperationalError)
    def database_down(request: HttpRequest, error: OperationalError) -> HttpResponse:
        logger.error("database unavailable on %s: %s", request.path, error)
        response = respond(
            request, 503, "the database is not reachable; retry in a minute"
        )
        response["Retry-After"] = "60"
        return response

    @api.exception_handler(InterfaceError)
    def database_gone(request: HttpRequest, error: InterfaceError) -> HttpResponse:
        return database_down(request, OperationalError(str(error)))

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, error: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return respond(request, 500, "internal error; it has been logged")
