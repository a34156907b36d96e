"""What an edition states: each mission's plan as it stated it, and its prose."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from ger.editions.models.edition import (
    TRANSLATABLE_AFTER_PUBLICATION,
    Edition,
    EditionImmutableError,
)
from ger.plandates import PlanDate, Precision, Qualifier
from ger.plans.models import Mission
from ger.translated_content import (
    TranslatedText,
    translated,
)

# The facts a statement can hold; a fact it leaves empty is "not recorded".
STATEMENT_FACTS = (
    "name",
    "lead",
    "partners",
    "destination",
    "kind",
    "crewed",
    "status",
    "planned_launch",
    "site",
    "objectives",
    "description",
)


class _FrozenWithEditionQuerySet(models.QuerySet[Any]):
    """Rows of an edition (its plans, its prose): frozen once it is published."""

    what = "rows"

    def update(self, **kwargs: Any) -> int:
        if self.filter(edition__status=Edition.Status.PUBLISHED).exists():
            raise EditionImmutableError(
                f"{self.what} of published editions cannot be updated"
            )
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(edition__status=Edition.Status.PUBLISHED).exists():
            raise EditionImmutableError(
                f"{self.what} of published editions cannot be deleted"
            )
        return super().delete()


def _refuse_if_published(row: EditionPlan | EditionProse) -> None:
    """Refuse to save or delete a row of an edition that is published."""
    if Edition.objects.filter(
        pk=row.edition_id, status=Edition.Status.PUBLISHED
    ).exists():
        raise EditionImmutableError(f"edition {row.edition.code} is published")


class EditionPlanQuerySet(_FrozenWithEditionQuerySet):
    what = "plans"


class EditionPlan(models.Model):
    """What one edition says about one mission: a statement, each fact with its basis.

    A fact left empty (``None``, or blank text) is *not recorded*: the edition's
    record does not say it, which is not the same as saying there is none. The
    statement's basis and ``known_since`` tell how and since when it is known; a
    published edition holds no statement known after its release.
    """

    class Presence(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed in the edition")
        UNVERIFIED = "unverified", _("not verified in the edition")
        DROPPED = "dropped", _("stated as dropped by the edition")

    class Basis(models.TextChoices):
        QUOTED = "quoted", _("quoted from the edition")
        RECONSTRUCTED = "reconstructed", _("reconstructed from public reporting")

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="plans")
    mission = models.ForeignKey(
        Mission, on_delete=models.PROTECT, related_name="edition_plans"
    )
    name = models.CharField(_("name used"), max_length=200, blank=True)
    lead_code = models.CharField(_("lead agency"), max_length=60, blank=True)
    partners = models.JSONField(
        _("partners"),
        null=True,
        blank=True,
        help_text=_('[{"agency": "ESA", "role": "…"}]; empty when not recorded.'),
    )
    destination_slug = models.CharField(_("destination"), max_length=60, blank=True)
    kind = models.CharField(
        _("kind"), max_length=24, choices=Mission.Kind.choices, blank=True
    )
    crewed = models.BooleanField(_("crewed"), null=True, blank=True)
    site = models.JSONField(
        _("landing site"),
        null=True,
        blank=True,
        help_text=_('{"name": …, "latitude": …, "longitude": …, "kind": …}'),
    )
    objective_codes = models.JSONField(_("objectives served"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    known_on = models.DateField(_("known since"), null=True, blank=True)
    known_precision = models.CharField(
        max_length=8, choices=Precision.choices, blank=True
    )
    launch_on = models.DateField(_("planned launch"), null=True, blank=True)
    launch_precision = models.CharField(
        max_length=8, choices=Precision.choices, blank=True
    )
    launch_qualifier = models.CharField(
        max_length=4, choices=Qualifier.choices, blank=True
    )
    statement = models.TextField(_("plan as stated"), blank=True)
    in_edition = models.CharField(
        _("in the edition"),
        max_length=12,
        choices=Presence.choices,
        default=Presence.UNVERIFIED,
    )
    basis = models.CharField(
        _("basis"), max_length=16, choices=Basis.choices, default=Basis.RECONSTRUCTED
    )
    source_date = models.CharField(_("source dated"), max_length=60, blank=True)
    status = models.CharField(
        _("status then"), max_length=24, choices=Mission.Status.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    uncertain = models.BooleanField(_("uncertain"), default=False)
    sources = models.JSONField(_("sources"), default=list, blank=True)

    objects = EditionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "launch_on", "mission__slug"]
        verbose_name = _("edition plan")
        verbose_name_plural = _("edition plans")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "mission"], name="edition_plan_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission} in {self.edition.code}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse_if_published(self)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse_if_published(self)
        return super().delete(*args, **kwargs)

    @property
    def launch(self) -> PlanDate | None:
        return PlanDate.from_parts(
            self.launch_on, self.launch_precision, self.launch_qualifier
        )

    @property
    def known_since(self) -> PlanDate | None:
        return PlanDate.from_parts(self.known_on, self.known_precision)


class EditionProseQuerySet(_FrozenWithEditionQuerySet):
    what = "prose"


class EditionProse(models.Model):
    """The secretariat's Markdown text for one part of an edition's document."""

    class Part(models.TextChoices):
        INTRODUCTION = "introduction", _("introduction")
        SUMMARY = "summary", _("executive summary")
        GROUP = "group", _("chapter 1: the group")
        UPDATES = "updates", _("chapter 2: major updates")
        OBJECTIVES = "objectives", _("chapter 3: goals and objectives")
        SCENARIO = "scenario", _("chapter 4: the exploration scenario")
        PARTNERSHIPS = "partnerships", _("chapter 5: partnership opportunities")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="prose")
    part = models.CharField(_("part"), max_length=20, choices=Part.choices)
    markdown = models.TextField(_("text (Markdown)"), blank=True)
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_('The text in other languages: {"fr": {"markdown": "…"}, …}.'),
    )

    objects = EditionProseQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "part"]
        verbose_name = _("edition prose")
        verbose_name_plural = _("edition prose")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "part"], name="edition_prose_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_part_display()} of {self.edition.code}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if not (
            self.pk is not None
            and update_fields is not None
            and set(update_fields) <= TRANSLATABLE_AFTER_PUBLICATION
        ):
            _refuse_if_published(self)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse_if_published(self)
        return super().delete(*args, **kwargs)

    def markdown_in(self, language: str | None = None) -> TranslatedText:
        """Return the text in ``language`` (default: the active one), else English."""
        return translated(self.translations, "markdown", self.markdown, language)
