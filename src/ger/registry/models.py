"""Agencies and other organisations, and the coordination group's membership."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ger.plandates import PlanDate, Precision
from ger.translated_content import TRANSLATIONS_HELP, Translatable


class AgencyQuerySet(models.QuerySet["Agency"]):
    def members(self) -> AgencyQuerySet:
        """Return the organisations that belong to the coordination group."""
        return self.filter(membership__isnull=False)


class Agency(Translatable, models.Model):
    """A space agency or other organisation that leads or takes part in missions."""

    class Kind(models.TextChoices):
        SPACE_AGENCY = "space_agency", _("space agency")
        COMPANY = "company", _("company")
        RESEARCH_INSTITUTION = "research_institution", _("research institution")
        OTHER = "other", _("other organisation")

    code = models.CharField(_("code"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_local = models.CharField(
        _("name in its own language"), max_length=200, blank=True
    )
    kind = models.CharField(
        _("kind"), max_length=24, choices=Kind.choices, default=Kind.SPACE_AGENCY
    )
    country = models.CharField(_("country or region"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    former_names = models.JSONField(_("former names"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    uncertain = models.BooleanField(_("uncertain"), default=False)
    uncertain_note = models.TextField(_("why uncertain"), blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    translations = models.JSONField(
        _("translations"), default=dict, blank=True, help_text=TRANSLATIONS_HELP
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("web:agency", args=[self.slug])


class Membership(models.Model):
    """An agency's membership of the coordination group."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="membership"
    )
    joined_on = models.DateField(_("joined on"))
    joined_precision = models.CharField(
        _("precision of the join date"), max_length=8, choices=Precision.choices
    )
    founding = models.BooleanField(_("founding member"), default=False)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["joined_on", "agency__code"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(joined_precision__in=Precision.values),
                name="membership_joined_precision_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency.code} since {self.joined}"

    @property
    def joined(self) -> PlanDate:
        date = PlanDate.from_parts(self.joined_on, self.joined_precision)
        assert date is not None
        return date


class MembershipCount(models.Model):
    """The number of member agencies at a date, as a source states it."""

    counted_on = models.DateField(_("date"))
    counted_precision = models.CharField(
        _("precision"), max_length=8, choices=Precision.choices
    )
    date_note = models.CharField(_("date as stated"), max_length=100, blank=True)
    count = models.PositiveSmallIntegerField(_("member agencies"))
    sources = models.JSONField(_("sources"), default=list, blank=True)

    class Meta:
        ordering = ["counted_on", "count"]
        verbose_name = _("membership count")
        verbose_name_plural = _("membership counts")
        constraints = [
            models.UniqueConstraint(
                fields=["counted_on", "count"], name="membership_count_unique_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.count} on {self.counted}"

    @property
    def counted(self) -> PlanDate:
        date = PlanDate.from_parts(self.counted_on, self.counted_precision)
        assert date is not None
        return date

    def as_dict(self) -> dict[str, Any]:
        return {"date": str(self.counted), "count": self.count, "sources": self.sources}


class UserRole(models.Model):
    """A user's role in GER: editor for one agency, or secretariat staff."""

    class Kind(models.TextChoices):
        EDITOR = "editor", _("agency editor")
        SECRETARIAT = "secretariat", _("secretariat")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ger_role"
    )
    kind = models.CharField(_("role"), max_length=12, choices=Kind.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="user_roles",
        verbose_name=_("agency"),
    )

    class Meta:
        ordering = ["kind", "agency__code", "user__email"]
        verbose_name = _("user role")
        verbose_name_plural = _("user roles")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="editor") | Q(agency__isnull=False),
                name="user_role_editor_has_agency",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["editor", "secretariat"]),
                name="user_role_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.EDITOR:
            return f"{self.user} ({self.agency} editor)"
        return f"{self.user} (secretariat)"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="ger_api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12)
    digest = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
