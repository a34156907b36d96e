from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from ger.workspace.views import builds as views

app_name = "publishing"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "workspace/editions/<slug:slug>/builds/",
        views.edition_builds,
        name="edition_builds",
    ),
    path(
        "workspace/editions/<slug:slug>/builds/start/",
        views.build_start,
        name="build_start",
    ),
    path("workspace/builds/<int:pk>/", views.build_status, name="build_status"),
    path(
        "workspace/editions/<slug:slug>/prose/",
        views.edition_prose,
        name="edition_prose",
    ),
    path("editions/<slug:slug>/roadmap.pdf", views.edition_pdf, name="edition_pdf"),
    path("editions/<slug:slug>/site.zip", views.edition_site, name="edition_site"),
    path("editions/<slug:slug>/data.zip", views.edition_data, name="edition_data"),
    path(
        "editions/<slug:slug>/SHA256SUMS",
        views.edition_checksums,
        name="edition_checksums",
    ),
]
