"""Every page has a JSON twin at the same URL (``?format=json`` or Accept: JSON)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def accepts_json(accept: str) -> bool:
    """Return whether an ``Accept`` header asks for JSON rather than HTML.

    The one reading of it: the views (``wants_json``), the response caches and the
    front cache all tell a JSON twin from its page by this.
    """
    return "application/json" in accept and "text/html" not in accept


def wants_json(request: HttpRequest) -> bool:
    """Return whether the client asked for JSON rather than HTML."""
    if request.GET.get("format") == "json":
        return True
    return accepts_json(request.headers.get("Accept", ""))


def respond(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    data: Callable[[], dict[str, Any]],
    status: int = 200,
) -> HttpResponse:
    """Render the page, or its JSON twin built by ``data``."""
    if wants_json(request):
        response: HttpResponse = JsonResponse(
            data(), status=status, json_dumps_params={"ensure_ascii": False}
        )
    else:
        response = render(request, template, context, status=status)
    patch_vary_headers(response, ["Accept"])
    return response


def refuse_parameter(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    parameter: str,
    message: str,
) -> HttpResponse:
    """Answer 400 for a bad query parameter: the page, or the one error shape."""
    return respond(
        request,
        template,
        context,
        lambda: {
            "error": {
                "code": "bad_parameter",
                "message": message,
                "fields": {parameter: message},
            }
        },
        status=400,
    )
