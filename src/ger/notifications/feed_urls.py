from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from ger.notifications.feeds import AgencyFeed, RoadmapFeed

app_name = "feeds"

urlpatterns: list[URLPattern | URLResolver] = [
    path("feeds/editions.atom", RoadmapFeed(), name="roadmap"),
    path("feeds/agencies/<str:code>.atom", AgencyFeed(), name="agency"),
]
