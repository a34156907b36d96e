"""The destinations missions go to and the capabilities they provide or need."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ger.translated_content import TRANSLATIONS_HELP, Translatable


class Destination(Translatable, models.Model):
    """A place missions go to, in a small tree (lunar surface > south polar region)."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    translations = models.JSONField(
        _("translations"), default=dict, blank=True, help_text=TRANSLATIONS_HELP
    )

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")

    def __str__(self) -> str:
        return self.name


class Capability(Translatable, models.Model):
    """Something a mission can provide to others or needs from them."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    translations = models.JSONField(
        _("translations"), default=dict, blank=True, help_text=TRANSLATIONS_HELP
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")

    def __str__(self) -> str:
        return self.name
