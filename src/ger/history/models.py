"""Revisions: every change to a shared record, who made it, when, before and after."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ger.registry.models import Agency


class RevisionImmutableError(Exception):
    """A recorded revision was about to be changed or deleted."""


class RevisionQuerySet(models.QuerySet["Revision"]):
    def update(self, **kwargs: Any) -> int:
        raise RevisionImmutableError("revisions are never changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise RevisionImmutableError("revisions are never deleted")

    def of_record(self, record_type: str, object_id: int) -> RevisionQuerySet:
        """Return the revisions of one record, newest first."""
        return self.filter(record_type=record_type, object_id=object_id).order_by(
            "-created_at", "-id"
        )


class Revision(models.Model):
    """One change to one record: the fields it touched, each with before and after."""

    class RecordType(models.TextChoices):
        MISSION = "mission", _("mission")
        GOAL = "goal", _("goal")
        OBJECTIVE = "objective", _("objective")
        MEMBERSHIP = "membership", _("membership")
        ACCOUNT = "account", _("account")
        EDITION = "edition", _("edition")

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")

    record_type = models.CharField(
        _("kind of record"), max_length=16, choices=RecordType.choices
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    record_key = models.CharField(_("record key"), max_length=100)
    record_label = models.CharField(_("record name"), max_length=300, blank=True)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("owning agency"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ger_revisions",
    )
    user_label = models.CharField(_("by"), max_length=254, blank=True)
    role_label = models.CharField(_("role of the author"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    changes = models.JSONField(_("changes"), default=dict)
    version = models.PositiveIntegerField(_("version after"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Each revision's hash covers its content and the previous revision's hash, so
    # changing or removing any stored revision breaks every later link (ger verify).
    previous_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    chain_hash = models.CharField(
        _("chain hash"), max_length=64, blank=True, db_index=True
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [
            models.Index(
                fields=["record_type", "object_id"], name="revision_record_idx"
            ),
            models.Index(fields=["agency", "created_at"], name="revision_agency_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.record_type} {self.record_key} {self.action} by {self.user_label}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RevisionImmutableError("revisions are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RevisionImmutableError("revisions are never deleted")

    @property
    def fields(self) -> list[str]:
        return sorted(self.changes)

    def change_rows(self) -> list[tuple[str, Any, Any]]:
        """Return (field, before, after) for each field the change touched."""
        return [
            (name, change.get("before"), change.get("after"))
            for name, change in sorted(self.changes.items())
        ]
