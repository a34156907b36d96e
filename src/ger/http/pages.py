"""Public pages kept in the shared cache for anonymous readers (ger.http.caching)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from ger.http.caching import is_anonymous_read, public_read

View = Callable[..., HttpResponse]


def cached_page(view: View) -> View:
    """Keep an anonymous GET's page (HTML or JSON twin) for the current plan.

    Signed-in readers (a session cookie) always get a fresh page: it greets them.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_anonymous_read(request):
            return view(request, *args, **kwargs)
        response = public_read(request, lambda: view(request, *args, **kwargs))
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
