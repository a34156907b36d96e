from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from ger.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("analysis/", include("ger.web.analysis_urls")),
    path("", include("ger.exports.urls")),
    path("", include("ger.workspace.urls")),
    path("", include("ger.web.urls")),
]
