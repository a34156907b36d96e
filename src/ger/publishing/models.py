"""Builds of an edition's document, site and data release, with their progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ger.editions.models import Edition


class BuildRunQuerySet(models.QuerySet["BuildRun"]):
    def unfinished(self) -> BuildRunQuerySet:
        return self.filter(state__in=[BuildRun.State.QUEUED, BuildRun.State.RUNNING])


class BuildRun(models.Model):
    """One build of a published edition, requested from the workspace."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="build_runs"
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.QUEUED
    )
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    step = models.PositiveSmallIntegerField(_("step"), default=0)
    steps = models.PositiveSmallIntegerField(_("steps"), default=0)
    message = models.CharField(_("progress"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    # One line per event (queued, each step, the outcome), time-stamped, for the page.
    log = models.TextField(_("log"), blank=True)
    out_dir = models.CharField(_("output folder"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ger_build_runs",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = BuildRunQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("build")
        verbose_name_plural = _("builds")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["queued", "running", "succeeded", "failed"]),
                name="build_run_state_valid",
            )
        ]

    def __str__(self) -> str:
        return f"build #{self.pk} of {self.edition.code} ({self.state})"

    def get_absolute_url(self) -> str:
        return reverse("publishing:build_status", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.SUCCEEDED, self.State.FAILED)

    @property
    def percent(self) -> int:
        """Return how far the build has come, from 0 to 100."""
        if self.state == self.State.SUCCEEDED:
            return 100
        return int(100 * self.step / self.steps) if self.steps else 0
