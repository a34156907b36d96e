from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ger.publishing.models import BuildRun


@admin.register(BuildRun)
class BuildRunAdmin(admin.ModelAdmin[BuildRun]):
    """Builds are records of what happened: listed, never edited by hand."""

    list_display = ["edition", "state", "requested_by", "requested_at", "finished_at"]
    list_filter = ["state", "edition"]
    list_select_related = ["edition", "requested_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: BuildRun | None = None
    ) -> bool:
        return False
