from __future__ import annotations

from django.contrib import admin

from ger.plans.models import (
    Capability,
    Dependency,
    Destination,
    Mission,
    MissionCapability,
    MissionObjective,
    MissionPartner,
    MissionSource,
)


@admin.register(Destination)
class DestinationAdmin(admin.ModelAdmin[Destination]):
    list_display = ["slug", "name", "parent", "position"]


@admin.register(Capability)
class CapabilityAdmin(admin.ModelAdmin[Capability]):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class PartnerInline(admin.TabularInline[MissionPartner, Mission]):
    model = MissionPartner
    extra = 0
    autocomplete_fields = ["agency"]


class ObjectiveInline(admin.TabularInline[MissionObjective, Mission]):
    model = MissionObjective
    extra = 0


class CapabilityInline(admin.TabularInline[MissionCapability, Mission]):
    model = MissionCapability
    extra = 0


class SourceInline(admin.TabularInline[MissionSource, Mission]):
    model = MissionSource
    extra = 0


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin[Mission]):
    list_display = [
        "name",
        "lead",
        "destination",
        "status",
        "planned_launch_on",
        "crewed",
    ]
    list_filter = ["status", "kind", "crewed", "confidence", "destination"]
    list_select_related = ["lead", "destination"]
    search_fields = ["slug", "name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["version", "updated_at"]
    inlines = [PartnerInline, ObjectiveInline, CapabilityInline, SourceInline]


@admin.register(Dependency)
class DependencyAdmin(admin.ModelAdmin[Dependency]):
    list_display = ["upstream", "downstream", "kind", "lag_months", "uncertain"]
    list_filter = ["kind", "uncertain"]
    list_select_related = ["upstream", "downstream"]
