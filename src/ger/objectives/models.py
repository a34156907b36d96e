"""The common goals, themes and objectives that missions address."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ger.plandates import Precision
from ger.translated_content import (
    TRANSLATIONS_HELP,
    Translatable,
    TranslatedText,
    translated,
)


class Theme(Translatable, models.Model):
    """A theme of the exploration strategy (e.g. the five themes of 2007)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    translations = models.JSONField(
        _("translations"), default=dict, blank=True, help_text=TRANSLATIONS_HELP
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


# A goal's own facts, as the data format and the secretariat's form name them.
GOAL_FACTS = ("code", "title", "description", "note", "uncertain", "uncertain_note")


class FrameworkEntry(Translatable, models.Model):
    """What a goal and an objective share: a code and title, how sure GER is of
    them, their sources, since when the group stated them, and translations."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    uncertain = models.BooleanField(_("uncertain"), default=False)
    uncertain_note = models.TextField(_("why uncertain"), blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    # When the group first stated it: an edition never shows what it had not yet
    # stated (None: not recorded, and then shown in every edition).
    known_on = models.DateField(_("stated since"), null=True, blank=True)
    known_precision = models.CharField(
        max_length=8, choices=Precision.choices, blank=True
    )
    translations = models.JSONField(
        _("translations"), default=dict, blank=True, help_text=TRANSLATIONS_HELP
    )

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def translated_title(self) -> TranslatedText:
        """Return the title in the active language, or in English, marked as such."""
        return translated(self.translations, "title", self.title)


class Goal(FrameworkEntry):
    """A common goal of the member agencies."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")


class Objective(FrameworkEntry):
    """An objective, under a goal or theme, that missions can address."""

    goal = models.ForeignKey(
        Goal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name=_("goal"),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name=_("theme"),
    )
    framework = models.CharField(_("framework"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
