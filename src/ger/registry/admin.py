from __future__ import annotations

from django.contrib import admin

from ger.registry.models import Agency, Membership, MembershipCount, UserRole


class MembershipInline(admin.StackedInline[Membership, Agency]):
    model = Membership
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ["code", "name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "name_local", "country"]
    prepopulated_fields = {"slug": ["code"]}
    inlines = [MembershipInline]


@admin.register(MembershipCount)
class MembershipCountAdmin(admin.ModelAdmin[MembershipCount]):
    list_display = ["counted_on", "counted_precision", "count"]


@admin.register(UserRole)
class UserRoleAdmin(admin.ModelAdmin[UserRole]):
    list_display = ["user", "kind", "agency"]
    list_filter = ["kind", "agency"]
