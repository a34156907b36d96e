"""Missions and activities in the agencies' exploration plans."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ger.objectives.models import Objective
from ger.plandates import PlanDate, Precision, Qualifier
from ger.plans.models.catalogue import Destination
from ger.registry.models import Agency
from ger.translated_content import TRANSLATIONS_HELP, Translatable

if TYPE_CHECKING:
    from ger.plans.models.links import MissionObjective, MissionPartner


# The statuses of a mission that has not flown and is still meant to.
AWAITING_LAUNCH = ("studied", "planned", "in_development")


class MissionQuerySet(models.QuerySet["Mission"]):
    def with_related(self) -> MissionQuerySet:
        """Return missions with lead, destination and partners fetched in bulk."""
        return self.select_related("lead", "destination").prefetch_related(
            "partnerships__agency"
        )

    def awaiting_launch(self) -> MissionQuerySet:
        """Return the dated missions that have not flown and are still meant to."""
        return self.filter(
            actual_launch_on__isnull=True,
            planned_launch_on__isnull=False,
            status__in=AWAITING_LAUNCH,
        )

    def upcoming(self, today: dt.date, limit: int) -> list[Mission]:
        """Return the first ``limit`` missions whose planned window has not passed."""
        # No window is longer than a year: a plan that starts before this year ended.
        candidates = self.awaiting_launch().filter(
            planned_launch_on__gte=dt.date(today.year, 1, 1)
        )
        found: list[Mission] = []
        for mission in candidates.order_by("planned_launch_on", "slug").iterator(
            chunk_size=100
        ):
            if not mission.plan_has_passed(today):
                found.append(mission)
                if len(found) == limit:
                    break
        return found

    def plan_passed(self, today: dt.date) -> list[Mission]:
        """Return the missions whose planned window ended with no launch recorded."""
        candidates = self.awaiting_launch().filter(planned_launch_on__lt=today)
        return [
            mission
            for mission in candidates.order_by("planned_launch_on", "slug")
            if mission.plan_has_passed(today)
        ]


# A mission's kind and planned launch as columns of its table, in their order: read
# together by the exports' summaries and written together by the synthetic plans.
PLAN_COLUMNS = (
    "crewed",
    "kind",
    "status",
    "confidence",
    "planned_launch_on",
    "planned_launch_precision",
    "planned_launch_qualifier",
)


class Mission(Translatable, models.Model):
    """A mission or activity in an agency's exploration plans."""

    class Kind(models.TextChoices):
        SCIENCE = "science", _("science")
        TECHNOLOGY_DEMONSTRATION = (
            "technology_demonstration",
            _("technology demonstration"),
        )
        INFRASTRUCTURE = "infrastructure", _("infrastructure")
        LOGISTICS = "logistics", _("logistics")
        HUMAN_EXPLORATION = "human_exploration", _("human exploration")

    class Status(models.TextChoices):
        STUDIED = "studied", _("studied")
        PLANNED = "planned", _("planned")
        IN_DEVELOPMENT = "in_development", _("in development")
        LAUNCHED = "launched", _("launched")
        SUCCEEDED = "succeeded", _("succeeded")
        PARTIALLY_SUCCEEDED = "partially_succeeded", _("partially succeeded")
        FAILED = "failed", _("failed")
        SUSPENDED = "suspended", _("suspended")
        CANCELLED = "cancelled", _("cancelled")

    class Confidence(models.TextChoices):
        AGENCY_CONFIRMED = "agency_confirmed", _("agency-confirmed")
        REPORTED = "reported", _("reported")
        NOTIONAL = "notional", _("notional")

    class Form(models.TextChoices):
        """What flies: an orbiter, a lander, a module... (blank: not recorded)."""

        ORBITER = "orbiter", _("orbiter")
        LANDER = "lander", _("lander")
        ROVER = "rover", _("rover")
        SAMPLE_RETURN = "sample_return", _("sample return")
        FLYBY = "flyby", _("flyby")
        IMPACTOR = "impactor", _("impactor")
        SPACE_TELESCOPE = "space_telescope", _("space telescope")
        TECHNOLOGY_DEMO = "technology_demo", _("technology demonstrator")
        STATION = "station", _("station")
        STATION_MODULE = "station_module", _("station module")
        CREW_VEHICLE = "crew_vehicle", _("crew vehicle")
        CARGO_VEHICLE = "cargo_vehicle", _("cargo vehicle")
        DEORBIT_VEHICLE = "deorbit_vehicle", _("deorbit vehicle")
        LAUNCH_VEHICLE = "launch_vehicle", _("launch vehicle")
        PROGRAMME = "programme", _("programme")
        CREWED_MISSION = "crewed_mission", _("crewed mission")

    class SiteKind(models.TextChoices):
        ACTUAL = "actual", _("actual landing or impact point")
        PLANNED = "planned", _("planned landing point")
        REFERENCE = "reference", _("reference feature only")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    lead = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="led_missions",
        verbose_name=_("lead"),
    )
    partners: models.ManyToManyField[Agency, MissionPartner] = models.ManyToManyField(
        Agency, through="MissionPartner", related_name="partner_missions", blank=True
    )
    destination = models.ForeignKey(
        Destination, on_delete=models.PROTECT, related_name="missions"
    )
    crewed = models.BooleanField(_("crewed"), default=False)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    form = models.CharField(
        _("spacecraft"), max_length=24, choices=Form.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=24, choices=Status.choices)
    confidence = models.CharField(
        _("confidence"),
        max_length=20,
        choices=Confidence.choices,
        default=Confidence.REPORTED,
    )
    planned_launch_on = models.DateField(_("planned launch"), null=True, blank=True)
    planned_launch_precision = models.CharField(
        _("planned launch precision"),
        max_length=8,
        choices=Precision.choices,
        blank=True,
    )
    planned_launch_qualifier = models.CharField(
        _("planned launch qualifier"),
        max_length=4,
        choices=Qualifier.choices,
        blank=True,
    )
    planned_launch_note = models.TextField(_("plan as stated"), blank=True)
    actual_launch_on = models.DateField(_("actual launch"), null=True, blank=True)
    actual_launch_precision = models.CharField(
        max_length=8, choices=Precision.choices, blank=True
    )
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    ended_precision = models.CharField(
        max_length=8, choices=Precision.choices, blank=True
    )
    outcome_note = models.TextField(_("outcome"), blank=True)
    duration_days = models.PositiveIntegerField(
        _("planned duration (days)"), null=True, blank=True
    )
    cospar_id = models.CharField(_("COSPAR id"), max_length=20, blank=True)
    site_name = models.CharField(_("landing site"), max_length=200, blank=True)
    site_latitude = models.FloatField(
        _("site latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    site_longitude = models.FloatField(
        _("site longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    site_kind = models.CharField(
        _("site kind"), max_length=12, choices=SiteKind.choices, blank=True
    )
    site_uncertain = models.BooleanField(_("site uncertain"), default=False)
    site_note = models.TextField(_("site note"), blank=True)
    description = models.TextField(_("description (Markdown)"), blank=True)
    translations = models.JSONField(
        _("translations"), default=dict, blank=True, help_text=TRANSLATIONS_HELP
    )
    notes = models.TextField(_("notes"), blank=True)
    uncertain = models.BooleanField(_("uncertain"), default=False)
    uncertain_note = models.TextField(_("why uncertain"), blank=True)
    # Relations to things that are not missions in GER (a launch vehicle, a
    # programme, a funding line): [{kind, target, note, sources}].
    other_relations = models.JSONField(_("other relations"), default=list, blank=True)
    # Whether an edition is known to list the mission, where that was checked
    # without a statement of the edition's: {edition code: confirmed |
    # not_in_edition | unverified}.
    in_editions = models.JSONField(_("listed in editions"), default=dict, blank=True)
    objectives: models.ManyToManyField[Objective, MissionObjective] = (
        models.ManyToManyField(
            Objective, through="MissionObjective", related_name="missions", blank=True
        )
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MissionQuerySet.as_manager()

    class Meta:
        ordering = ["planned_launch_on", "slug"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        indexes = [
            models.Index(
                fields=["planned_launch_on"], name="mission_planned_launch_idx"
            ),
            models.Index(fields=["status"], name="mission_status_idx"),
            models.Index(
                fields=["lead", "planned_launch_on"], name="mission_lead_launch_idx"
            ),
            # The mission list's orderings by name and by launch: one page of them
            # is read from the index instead of sorting every mission.
            models.Index(fields=["name", "slug"], name="mission_name_idx"),
            models.Index(
                fields=["actual_launch_on", "slug"], name="mission_launched_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(site_latitude__isnull=True)
                | Q(site_latitude__gte=-90, site_latitude__lte=90),
                name="mission_site_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(site_longitude__isnull=True)
                | Q(site_longitude__gte=-180, site_longitude__lte=180),
                name="mission_site_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(planned_launch_on__isnull=True)
                | ~Q(planned_launch_precision=""),
                name="mission_planned_launch_has_precision",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:mission", args=[self.slug])

    def partner_list(self) -> list[dict[str, str]]:
        """Return the partners as plain data: agency code and role, in order."""
        return [
            {"agency": partner.agency.code, "role": partner.role}
            for partner in self.partnerships.all()
        ]

    @property
    def planned_launch(self) -> PlanDate | None:
        return PlanDate.from_parts(
            self.planned_launch_on,
            self.planned_launch_precision,
            self.planned_launch_qualifier,
        )

    def plan_has_passed(self, today: dt.date | None = None) -> bool:
        """Return whether the planned window ended and no launch was recorded."""
        plan = self.planned_launch
        if plan is None or self.actual_launch_on is not None:
            return False
        if self.status not in AWAITING_LAUNCH:
            return False
        return plan.end < (today or timezone.localdate())

    @property
    def actual_launch(self) -> PlanDate | None:
        return PlanDate.from_parts(self.actual_launch_on, self.actual_launch_precision)

    @property
    def ended(self) -> PlanDate | None:
        return PlanDate.from_parts(self.ended_on, self.ended_precision)
