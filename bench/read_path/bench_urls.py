"""The site's URLs plus the framework's ceiling: mounted only when ``GER_BENCH`` is set.

The read-path benchmark (``bench/read_path``) puts this folder on the server's
PYTHONPATH and serves GER with ``GER_BENCH=true`` so that the trivial view
below runs in the same project, under the same middleware and server settings as
every real page: what it answers per second is the most any Django view can.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, path

from ger import urls as site


def ceiling(request: HttpRequest) -> JsonResponse:
    """Answer a constant JSON object: no database, no template, no cache."""
    return JsonResponse({"ok": True})


# The site's own patterns at the root (they hold i18n_patterns, which cannot be
# included under another URLconf), the ceiling last: resolving it walks every
# pattern of the site first, as resolving the deepest page does (some 70 µs here).
urlpatterns: list[URLPattern | URLResolver] = [
    *site.urlpatterns,
    path("bench/ceiling", ceiling, name="bench-ceiling"),
]
