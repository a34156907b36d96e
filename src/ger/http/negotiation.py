"""Every page has a JSON twin at the same URL (``?format=json`` or Accept: JSON)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def wants_json(request: HttpRequest) -> bool:
    """Return whether the client asked for JSON rather than HTML."""
    if request.GET.get("format") == "json":
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


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
