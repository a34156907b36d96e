"""What a mission is linked to: partners, objectives, capabilities, sources, others."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ger.objectives.models import Objective
from ger.plans.models.catalogue import Capability
from ger.plans.models.missions import Mission
from ger.plans.sources import SourceTier
from ger.registry.models import Agency


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
