"""The site's URLs with the publishing pages, whether or not ger.urls includes them yet."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from ger import urls as root

included = any(
    isinstance(entry, URLResolver) and entry.namespace == "publishing"
    for entry in root.urlpatterns
)
urlpatterns: list[URLPattern | URLResolver] = [
    *([] if included else [path("", include("ger.workspace.builds_urls"))]),
    *root.urlpatterns,
]
