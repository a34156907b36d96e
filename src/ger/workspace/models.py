"""What the workspace records about the edition workflow beside the editions.

A flag's resolution and a publication that went ahead despite open flags are kept
here, apart from the edition and its flags, which freeze with the edition.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FlagResolution(models.Model):
    """The secretariat's answer that closes a problem an agency flagged."""

    flag = models.OneToOneField(
        "editions.EditionFlag", on_delete=models.CASCADE, related_name="resolution"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    resolved_by_label = models.CharField(_("resolved by"), max_length=254)
    note = models.TextField(_("how it was resolved"))
    resolved_at = models.DateTimeField(_("resolved at"), default=timezone.now)

    class Meta:
        verbose_name = _("flag resolution")
        verbose_name_plural = _("flag resolutions")

    def __str__(self) -> str:
        return f"flag #{self.flag_id} resolved by {self.resolved_by_label}"


class PublicationOverride(models.Model):
    """A publication the secretariat made although flags were open, and why."""

    edition = models.ForeignKey(
        "editions.Edition",
        on_delete=models.CASCADE,
        related_name="publication_overrides",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    user_label = models.CharField(_("published by"), max_length=254)
    reason = models.TextField(_("reason"))
    open_flags = models.JSONField(_("flags open at publication"), default=list)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("publication over open flags")
        verbose_name_plural = _("publications over open flags")

    def __str__(self) -> str:
        return f"{self.edition_id} published over {len(self.open_flags)} open flags"
