from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from ger.notifications import views

app_name = "notifications"

urlpatterns: list[URLPattern | URLResolver] = [
    path("workspace/inbox/", views.inbox, name="inbox"),
    path("workspace/notifications/", views.preferences, name="preferences"),
]
