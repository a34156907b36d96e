"""GER's URLs: pages under a language prefix, data and machinery without one.

English pages keep their unprefixed addresses (``/missions/…``); French and Spanish
ones add the language (``/fr/missions/…``, ``/es/missions/…``). The API, the admin,
static files and the export downloads answer at one address in every language.
"""

from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from ger.api.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("ger.exports.urls")),
    path("", include("ger.notifications.feed_urls")),
    path("", include("ger.imagery.urls")),
]
# Unprefixed means English, whatever the browser asks for: an address always shows
# the same language, and the addresses that existed before translation still work.
urlpatterns += i18n_patterns(
    path("analysis/", include("ger.web.analysis_urls")),
    path("", include("ger.workspace.builds_urls")),
    path("", include("ger.workspace.urls")),
    path("", include("ger.notifications.urls")),
    path("", include("ger.web.urls")),
    prefix_default_language=False,
)
