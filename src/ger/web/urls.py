from __future__ import annotations

from django.urls import path

from ger.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/<slug:slug>/", views.agency, name="agency"),
    path("missions/<slug:slug>/", views.mission, name="mission"),
    path("editions/<slug:slug>/", views.edition, name="edition"),
]
