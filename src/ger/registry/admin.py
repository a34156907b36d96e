from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ger.registry.models import Agency, ApiToken, Membership, MembershipCount, UserRole


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = [
        "prefix",
        "name",
        "user",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_select_related = ["user"]
    # Secrets are shown once, at creation; the admin sees only their prefix and digest.
    readonly_fields = ["prefix", "digest", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
