from __future__ import annotations

from django.urls import path

from ger.web.views import (
    about,
    agencies,
    destinations,
    editions,
    home,
    missions,
    objectives,
    search,
    timeline,
)

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("agencies/", agencies.agency_list, name="agency_list"),
    path("agencies/<slug:slug>/", agencies.agency_detail, name="agency"),
    path("missions/", missions.mission_list, name="mission_list"),
    path(
        "missions/export.csv",
        missions.mission_export,
        {"extension": "csv"},
        name="mission_csv",
    ),
    path(
        "missions/export.json",
        missions.mission_export,
        {"extension": "json"},
        name="mission_json",
    ),
    path("missions/<slug:slug>/", missions.mission_detail, name="mission"),
    path("timeline/", timeline.timeline, name="timeline"),
    path("objectives/", objectives.objective_list, name="objectives"),
    path("destinations/", destinations.destination_list, name="destination_list"),
    path(
        "destinations/<slug:slug>/", destinations.destination_detail, name="destination"
    ),
    path("editions/", editions.edition_list, name="edition_list"),
    path("editions/<slug:slug>/", editions.edition_detail, name="edition"),
    path(
        "editions/<slug:slug>/snapshot.json",
        editions.edition_snapshot,
        name="edition_snapshot",
    ),
    path("search/", search.search_page, name="search"),
    path("about/", about.about, name="about"),
]
