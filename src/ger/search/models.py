"""One searchable text per public record, indexed by the database's full-text search."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """The searchable text of one agency, mission, objective, goal, edition or place."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("agency")
        MISSION = "mission", _("mission")
        OBJECTIVE = "objective", _("objective")
        GOAL = "goal", _("goal")
        EDITION = "edition", _("edition")
        DESTINATION = "destination", _("destination")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=80)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("URL"), max_length=300)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="search_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"
