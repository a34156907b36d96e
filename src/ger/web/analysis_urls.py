from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from ger.web import analysis_views as views

app_name = "analysis"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("coverage/", views.coverage, name="coverage"),
    path("partnerships/", views.partnerships, name="partnerships"),
    path("schedule/", views.schedule, name="schedule"),
    path("risk/", views.risk, name="risk"),
    path("risk/backtest/", views.backtest, name="backtest"),
    path("proximity/", views.proximity, name="proximity"),
]
