from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("analysis/", include("ger.web.analysis_urls")),
    path("", include("ger.workspace.urls")),
    path("", include("ger.web.urls")),
]
