"""One error shape for the whole API: ``{"error": {"code", "message", "fields"}}``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class ErrorAnswer:
    """What the API answers to an error: the status, the message and its headers."""

    status: int
    message: str
    fields: dict[str, str] | None = None
    headers: dict[str, str] = field(default_factory=dict)


def _api_error(request: HttpRequest, error: ApiError) -> ErrorAnswer:
    return ErrorAnswer(error.status, error.message, error.fields)


def _filter_error(request: HttpRequest, error: FilterError) -> ErrorAnswer:
    return ErrorAnswer(
        422, f"{error.parameter}: {error.message}", {error.parameter: error.message}
    )


def _validation_error(request: HttpRequest, error: ValidationError) -> ErrorAnswer:
    fields = {
        _field_name(item.get("loc", ())): str(item.get("msg", "invalid"))
        for item in error.errors
    }
    names = ", ".join(sorted(fields))
    return ErrorAnswer(422, f"invalid value for {names}", fields)


def _throttled(request: HttpRequest, error: Throttled) -> ErrorAnswer:
    return ErrorAnswer(429, "too many requests; retry after the time in Retry-After")


def _unauthenticated(request: HttpRequest, error: AuthenticationError) -> ErrorAnswer:
    return ErrorAnswer(
        401,
        "a valid bearer token is required",
        headers={"WWW-Authenticate": 'Bearer realm="ger"'},
    )


def _http_error(request: HttpRequest, error: HttpError) -> ErrorAnswer:
    return ErrorAnswer(error.status_code, str(error))


def _not_found(request: HttpRequest, error: Http404) -> ErrorAnswer:
    return ErrorAnswer(404, str(error) or "not found")


def _too_large(request: HttpRequest, error: RequestDataTooBig) -> ErrorAnswer:
    return ErrorAnswer(413, "the request body is larger than the limit")


def _database_down(request: HttpRequest, error: OperationalError) -> ErrorAnswer:
    logger.error("database unavailable on %s: %s", request.path, error)
    return ErrorAnswer(
        503,
        "the database is not reachable; retry in a minute",
        headers={"Retry-After": "60"},
    )


def _database_gone(request: HttpRequest, error: InterfaceError) -> ErrorAnswer:
    return _database_down(request, OperationalError(str(error)))


def _server_error(request: HttpRequest, error: Exception) -> ErrorAnswer:
    logger.exception("API error on %s %s", request.method, request.path)
    return ErrorAnswer(500, "internal error; it has been logged")


# Each error the API answers in the shared shape, with how it answers it (the most
# specific class of an error chooses).
ANSWERS: tuple[
    tuple[type[Exception], Callable[[HttpRequest, Any], ErrorAnswer]], ...
] = (
    (ApiError, _api_error),
    (FilterError, _filter_error),
    (ValidationError, _validation_error),
    (Throttled, _throttled),
    (AuthenticationError, _unauthenticated),
    (HttpError, _http_error),
    (Http404, _not_found),
    (RequestDataTooBig, _too_large),
    (OperationalError, _database_down),
    (InterfaceError, _database_gone),
    (Exception, _server_error),
)


def install_error_handlers(api: NinjaAPI) -> None:
    """Make every error of ``api`` answer in the shared shape."""
    for error_class, answer in ANSWERS:
        api.add_exception_handler(error_class, _handler(api, answer))


def _handler(
    api: NinjaAPI, answer: Callable[[HttpRequest, Any], ErrorAnswer]
) -> Callable[[HttpRequest, Any], HttpResponse]:
    def respond(request: HttpRequest, error: Any) -> HttpResponse:
        found = answer(request, error)
        response = api.create_response(
            request,
            error_body(found.status, found.message, found.fields),
            status=found.status,
        )
        for name, value in found.headers.items():
            response[name] = value
        return response

    return respond
