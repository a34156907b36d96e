"""Cross-cutting HTTP protections: body size limit, database outages, NUL
characters, the API's error shape for unknown addresses and methods, and the methods
each web page answers."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ger.web.input_guards import (
    NUL,
    RAW_FORM_MARKS,
    nul_field_in_json_body,
    nul_field_in_query,
)

logger = logging.getLogger("ger.web")

Handler = Callable[[HttpRequest], HttpResponse]


def _error(
    request: HttpRequest, status: int, code: str, message: str, template: str
) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = {"error": {"code": code, "message": message, "fields": {}}}
        return JsonResponse(body, status=status)
    return HttpResponse(render_to_string(template, {"message": message}), status=status)


# Image uploads (phone photos are several megabytes) have a limit of their own.
IMAGE_UPLOAD_PATH = re.compile(r"^/(?:[a-z]{2}/)?workspace/images/[a-z]+/[^/]+/$")


class RequestSizeLimitMiddleware:
    """Refuse bodies larger than GER_MAX_BODY_BYTES (GER_MAX_IMAGE_BYTES for an
    image upload) with 413, before reading them."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(
            settings.GER_MAX_IMAGE_BYTES
            if IMAGE_UPLOAD_PATH.match(request.path_info)
            else settings.GER_MAX_BODY_BYTES
        )
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


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


class NulCharacterMiddleware:
    """Refuse text holding a NUL character: 404 in a path, 422 naming the field."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path_info:
            if _is_api(request):
                return _error(request, 404, "not_found", _("not found"), "404.html")
            raise Http404(_("an address cannot contain a NUL character"))
        field = self._nul_field(request)
        if field is not None:
            message = _("%(field)s: text cannot contain a NUL character") % {
                "field": field
            }
            if _is_api(request):
                body = {
                    "error": {
                        "code": "invalid_parameter",
                        "message": message,
                        "fields": {field: _("contains a NUL character")},
                    }
                }
                return JsonResponse(body, status=422)
            return HttpResponse(
                render_to_string("422.html", {"message": message}, request=request),
                status=422,
            )
        return self.get_response(request)

    def _nul_field(self, request: HttpRequest) -> str | None:
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or NUL in query:
            found = nul_field_in_query(request.GET)
            if found is not None:
                return found
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        content_type = request.content_type or ""
        if content_type == "application/json" or content_type.endswith("+json"):
            return nul_field_in_json_body(request.body)
        if content_type == "application/x-www-form-urlencoded":
            if any(mark in request.body for mark in RAW_FORM_MARKS):
                return nul_field_in_query(request.POST)
        elif content_type == "multipart/form-data":
            # Uploaded files may hold any byte; their fields' text may not.
            return nul_field_in_query(request.POST)
        return None


class ApiErrorShapeMiddleware:
    """Give 404 and 405 answers under /api/ the API's one error shape.

    An unknown address (Django's URL resolver) or a method no operation serves
    (django-ninja) would otherwise answer with an HTML page or an empty body.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code in (404, 405)
            and _is_api(request)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            if response.status_code == 404:
                shaped = _error(request, 404, "not_found", _("not found"), "404.html")
            else:
                message = _("%(method)s is not allowed here; allowed: %(allowed)s") % {
                    "method": request.method,
                    "allowed": response.get("Allow", ""),
                }
                shaped = _error(request, 405, "method_not_allowed", message, "404.html")
                shaped["Allow"] = response.get("Allow", "")
            return shaped
        return response


class AllowedMethodsMiddleware:
    """Let a web page answer only the methods it serves (GET and HEAD; POST too
    for the views that change data), with 405 and ``Allow`` otherwise.

    Class-based views (sign-in, the admin) already answer 405 themselves; the API
    has its own routing.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        if _is_api(request) or hasattr(view_func, "view_class"):
            return None
        if request.path_info.startswith("/admin/"):
            return None
        allowed = ["GET", "HEAD"]
        if getattr(view_func, "ger_write_view", False):
            allowed.append("POST")
        if request.method in allowed:
            return None
        return HttpResponseNotAllowed(allowed)
