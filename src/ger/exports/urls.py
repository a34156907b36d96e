from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from ger.exports import views

app_name = "exports"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "exports/missions.ics",
        views.current_export,
        {"export_format": "ics"},
        name="calendar",
    ),
    path(
        "exports/landing-sites.geojson",
        views.current_export,
        {"export_format": "geojson"},
        name="landing_sites",
    ),
    path(
        "exports/roadmap.xml",
        views.current_export,
        {"export_format": "mspdi"},
        name="roadmap",
    ),
    path(
        "editions/<slug:slug>/export/missions.csv",
        views.edition_export,
        {"export_format": "csv"},
        name="edition_csv",
    ),
    path(
        "editions/<slug:slug>/export/missions.json",
        views.edition_export,
        {"export_format": "json"},
        name="edition_json",
    ),
    path(
        "editions/<slug:slug>/export/missions.ics",
        views.edition_export,
        {"export_format": "ics"},
        name="edition_calendar",
    ),
    path(
        "editions/<slug:slug>/export/roadmap.xml",
        views.edition_export,
        {"export_format": "mspdi"},
        name="edition_roadmap",
    ),
    path(
        "editions/<slug:slug>/export/datapackage.zip",
        views.edition_export,
        {"export_format": "datapackage"},
        name="edition_datapackage",
    ),
]
