from __future__ import annotations

from django.contrib import admin

from ger.objectives.models import Goal, Objective, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin[Theme]):
    list_display = ["code", "name"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin[Goal]):
    list_display = ["code", "title", "uncertain"]
    search_fields = ["code", "title"]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin[Objective]):
    list_display = ["code", "title", "goal", "theme", "framework"]
    list_filter = ["goal", "theme", "framework"]
    search_fields = ["code", "title"]
