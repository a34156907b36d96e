"""Missions and activities, where they go, what they provide and what they depend on."""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ger.objectives.models import Objective
from ger.plandates import PlanDate, Precision, Qualifier
from ger.plans.sources import SourceTier
from ger.registry.models import Agency
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


class MissionPartner(models.Model):
    """An agency's part in a mission it does not lead."""

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="partnerships"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="partnerships"
    )
    role = models.TextField(_("role"), blank=True)
    uncertain = models.BooleanField(_("uncertain"), default=False)

    class Meta:
        ordering = ["mission", "agency__code"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "agency"], name="mission_partner_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} on {self.mission}"


class MissionObjective(models.Model):
    """A mission's contribution to an objective, and whether a source states it."""

    class Basis(models.TextChoices):
        STATED = "stated", _("stated by a source")
        EDITORIAL = "editorial", _("editorial (no source states it)")

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="objective_links"
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, related_name="mission_links"
    )
    basis = models.CharField(
        _("basis"), max_length=12, choices=Basis.choices, default=Basis.STATED
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["mission", "objective__code"]
        verbose_name = _("objective addressed")
        verbose_name_plural = _("objectives addressed")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "objective"], name="mission_objective_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission} → {self.objective.code}"


class MissionCapability(models.Model):
    """A capability a mission provides or needs."""

    class Direction(models.TextChoices):
        PROVIDES = "provides", _("provides")
        NEEDS = "needs", _("needs")

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="capability_links"
    )
    capability = models.ForeignKey(
        Capability, on_delete=models.PROTECT, related_name="mission_links"
    )
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices
    )
    detail = models.TextField(_("detail"), blank=True)
    uncertain = models.BooleanField(_("uncertain"), default=False)
    sources = models.JSONField(_("sources"), default=list, blank=True)

    class Meta:
        ordering = ["mission", "direction", "capability__code"]
        verbose_name = _("mission capability")
        verbose_name_plural = _("mission capabilities")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "capability", "direction"],
                name="mission_capability_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission} {self.direction} {self.capability.code}"


class MissionSource(models.Model):
    """A public source for a fact about a mission."""

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="sources"
    )
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    dated = models.CharField(_("date"), max_length=40, blank=True)
    tier = models.CharField(
        _("standing"), max_length=20, choices=SourceTier.choices, blank=True
    )
    about = models.CharField(_("supports"), max_length=200, blank=True)
    # For editors: how the source was found, that it is a mirror, what it lacks.
    note = models.TextField(_("editor note"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["mission", "position"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "url", "about"], name="mission_source_unique"
            )
        ]

    def __str__(self) -> str:
        return self.url


class Dependency(models.Model):
    """``upstream`` supports, enables or precedes ``downstream``, with a lag."""

    class Kind(models.TextChoices):
        RELAY_COMMUNICATIONS = "relay_communications", _("relay communications")
        PRECURSOR_PATHFINDER = "precursor_pathfinder", _("precursor or pathfinder")
        HARDWARE_ELEMENT = "hardware_element", _("hardware element")
        LAUNCH_CO_MANIFEST = "launch_co_manifest", _("launch co-manifest")
        DATA_SITE_SCOUTING = "data_site_scouting", _("data or site scouting")
        HARDWARE_HERITAGE = "hardware_heritage", _("hardware heritage")
        SUCCESSOR = "successor", _("successor")
        LAUNCH_VEHICLE = "launch_vehicle", _("launch vehicle")
        TRANSPORT = "transport", _("crew or cargo transport")
        SAMPLE_HANDOFF = "sample_handoff", _("sample hand-off")
        DEORBIT = "deorbit", _("deorbit")
        OTHER = "other", _("other relation")

    upstream = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="enables"
    )
    downstream = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="depends_on"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    lag_months = models.SmallIntegerField(_("lag (months)"), default=0)
    detail = models.TextField(_("detail"), blank=True)
    status_note = models.TextField(_("status note"), blank=True)
    uncertain = models.BooleanField(_("uncertain"), default=False)
    uncertain_note = models.TextField(_("why uncertain"), blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)

    class Meta:
        ordering = ["upstream", "downstream", "kind"]
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")
        constraints = [
            models.UniqueConstraint(
                fields=["upstream", "downstream", "kind"], name="dependency_unique"
            ),
            models.CheckConstraint(
                condition=~Q(upstream=models.F("downstream")),
                name="dependency_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.upstream} → {self.downstream} ({self.kind})"


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
