from __future__ import annotations

from django.urls import URLPattern, URLResolver, re_path

from ger.imagery import views

app_name = "imagery"

urlpatterns: list[URLPattern | URLResolver] = [
    re_path(
        r"^images/(?P<name>[0-9a-f]{64}\.(?:jpg|png))$",
        views.image_file,
        name="file",
    ),
]
