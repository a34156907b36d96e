from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from ger.objectives.models import Goal, Objective, Theme
from ger.translated_content import TranslationsModelForm


class GoalAdminForm(TranslationsModelForm[Goal]):
    translated_fields = ("title",)

    class Meta:
        model = Goal
        exclude = ["translations"]


class ObjectiveAdminForm(TranslationsModelForm[Objective]):
    translated_fields = ("title",)

    class Meta:
        model = Objective
        exclude = ["translations"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin[Theme]):
    list_display = ["code", "name"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin[Goal]):
    list_display = ["code", "title", "uncertain"]
    search_fields = ["code", "title"]

    def get_form(
        self,
        request: HttpRequest,
        obj: Goal | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm[Goal]]:
        # The title in each language: built per request, as settings name the languages.
        kwargs["form"] = GoalAdminForm.with_declared_inputs()
        return super().get_form(request, obj, change, **kwargs)


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin[Objective]):
    list_display = ["code", "title", "goal", "theme", "framework"]
    list_filter = ["goal", "theme", "framework"]
    search_fields = ["code", "title"]

    def get_form(
        self,
        request: HttpRequest,
        obj: Objective | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm[Objective]]:
        kwargs["form"] = ObjectiveAdminForm.with_declared_inputs()
        return super().get_form(request, obj, change, **kwargs)
