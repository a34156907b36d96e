"""Dated facts about a mission: statements of its plan and events in its life."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ger.plandates import PlanDate, Precision, Qualifier
from ger.plans.models.missions import Mission


class PlanStatement(models.Model):
    """A dated statement of a mission's plan that belongs to no edition.

    What an agency, an audit or the press said the plan was on ``known_on``: the
    evidence of how plans moved between editions. ``nearest_edition`` names the
    edition the statement is the closest found to, when it was gathered for one.
    """

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="statements"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    known_on = models.DateField(_("stated on"))
    known_precision = models.CharField(
        _("precision of the statement date"), max_length=8, choices=Precision.choices
    )
    launch_on = models.DateField(_("planned launch"), null=True, blank=True)
    launch_precision = models.CharField(
        max_length=8, choices=Precision.choices, blank=True
    )
    launch_qualifier = models.CharField(
        max_length=4, choices=Qualifier.choices, blank=True
    )
    window_end = models.DateField(_("end of the launch window"), null=True, blank=True)
    statement = models.TextField(_("plan as stated"), blank=True)
    nearest_edition = models.CharField(
        _("gathered for edition"), max_length=40, blank=True
    )
    note = models.TextField(_("editor note"), blank=True)
    uncertain = models.BooleanField(_("uncertain"), default=False)
    sources = models.JSONField(_("sources"), default=list, blank=True)

    class Meta:
        ordering = ["mission", "position"]
        verbose_name = _("plan statement")
        verbose_name_plural = _("plan statements")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "position"], name="plan_statement_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission} as of {self.known_on}"

    @property
    def known_since(self) -> PlanDate | None:
        return PlanDate.from_parts(self.known_on, self.known_precision)

    @property
    def launch(self) -> PlanDate | None:
        return PlanDate.from_parts(
            self.launch_on, self.launch_precision, self.launch_qualifier
        )

    @property
    def window_closes(self) -> PlanDate | None:
        """Return the end of the launch window, to the precision of its start."""
        if self.window_end is None or not self.launch_precision:
            return None
        precision = self.launch_precision
        end = self.window_end
        start = {
            Precision.YEAR: end.replace(month=1, day=1),
            Precision.QUARTER: end.replace(month=(end.month - 1) // 3 * 3 + 1, day=1),
            Precision.MONTH: end.replace(day=1),
        }.get(Precision(precision), end)
        return PlanDate.from_parts(start, precision)


class MissionEvent(models.Model):
    """A dated event in a mission's life: a launch, a landing, a decision."""

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="events"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    on = models.DateField(_("date"), null=True, blank=True)
    precision = models.CharField(max_length=8, choices=Precision.choices, blank=True)
    what = models.TextField(_("event"))
    note = models.TextField(_("editor note"), blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)

    class Meta:
        ordering = ["mission", "position"]
        verbose_name = _("mission event")
        verbose_name_plural = _("mission events")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "position"], name="mission_event_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission}: {self.what[:40]}"

    @property
    def date(self) -> PlanDate | None:
        return PlanDate.from_parts(self.on, self.precision)
