"""Notices to members (an inbox, and e-mail) and what each member wants to receive."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PROPOSAL_SUBMITTED = "proposal_submitted", _("a proposal awaits a decision")
    PROPOSAL_DECIDED = "proposal_decided", _("my proposal was decided")
    EDITION_IN_REVIEW = "edition_in_review", _("an edition awaits my agency's review")
    EDITION_PUBLISHED = "edition_published", _("an edition is published")


# What a member receives before choosing: everything but publications, which go to
# those who ask for them.
DEFAULT_WANTED: dict[str, bool] = {
    Kind.PROPOSAL_SUBMITTED.value: True,
    Kind.PROPOSAL_DECIDED.value: True,
    Kind.EDITION_IN_REVIEW.value: True,
    Kind.EDITION_PUBLISHED.value: False,
}


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One notice in a member's inbox."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="ger_notifications",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=["recipient", "read_at"], name="notification_unread_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}: {self.title}"


class Preference(models.Model):
    """How a member wants one kind of notice: in the inbox, by e-mail, or not at all."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="ger_notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    in_inbox = models.BooleanField(_("in the inbox"), default=True)
    by_email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="notification_preference_unique"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.user_id} {self.kind}: inbox={self.in_inbox} email={self.by_email}"
        )
