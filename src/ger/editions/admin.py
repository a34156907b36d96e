from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from ger.editions.models import Edition, EditionPlan, EditionProse
from ger.translated_content import TranslationsModelForm


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin[Edition]):
    list_display = ["code", "title", "kind", "status", "released_on"]
    list_filter = ["kind", "status"]
    readonly_fields = ["snapshot", "snapshot_sha256", "published_at"]

    def has_change_permission(
        self, request: HttpRequest, obj: Edition | None = None
    ) -> bool:
        return super().has_change_permission(request, obj) and not (
            obj and obj.is_published
        )

    def has_delete_permission(
        self, request: HttpRequest, obj: Edition | None = None
    ) -> bool:
        return super().has_delete_permission(request, obj) and not (
            obj and obj.is_published
        )


@admin.register(EditionPlan)
class EditionPlanAdmin(admin.ModelAdmin[EditionPlan]):
    list_display = [
        "mission",
        "edition",
        "launch_on",
        "launch_precision",
        "in_edition",
        "basis",
    ]
    list_filter = ["edition", "in_edition", "basis"]
    list_select_related = ["mission", "edition"]

    def has_change_permission(
        self, request: HttpRequest, obj: EditionPlan | None = None
    ) -> bool:
        return super().has_change_permission(request, obj) and not (
            obj and obj.edition.is_published
        )

    def has_delete_permission(
        self, request: HttpRequest, obj: EditionPlan | None = None
    ) -> bool:
        return super().has_delete_permission(request, obj) and not (
            obj and obj.edition.is_published
        )


class EditionProseAdminForm(TranslationsModelForm[EditionProse]):
    translated_fields = ("markdown",)

    class Meta:
        model = EditionProse
        exclude = ["translations"]


@admin.register(EditionProse)
class EditionProseAdmin(admin.ModelAdmin[EditionProse]):
    list_display = ["edition", "part"]
    list_filter = ["edition"]
    list_select_related = ["edition"]

    def get_form(
        self,
        request: HttpRequest,
        obj: EditionProse | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm[EditionProse]]:
        # The text in each language: built per request, as settings name the languages.
        kwargs["form"] = EditionProseAdminForm.with_declared_inputs()
        return super().get_form(request, obj, change, **kwargs)

    def has_change_permission(
        self, request: HttpRequest, obj: EditionProse | None = None
    ) -> bool:
        return super().has_change_permission(request, obj) and not (
            obj and obj.edition.is_published
        )

    def has_delete_permission(
        self, request: HttpRequest, obj: EditionProse | None = None
    ) -> bool:
        return super().has_delete_permission(request, obj) and not (
            obj and obj.edition.is_published
        )
