"""What members raise: change proposals and their comments, flags on an edition."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ger.editions.models.edition import Edition
from ger.plans.models import Mission


class ChangeProposal(models.Model):
    """A change an agency proposes to a mission it does not own, field by field."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    mission = models.ForeignKey(
        Mission,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    mission_slug = models.CharField(_("mission"), max_length=80)
    owner_agency = models.ForeignKey(
        "registry.Agency",
        on_delete=models.PROTECT,
        related_name="proposals_received",
        verbose_name=_("owning agency"),
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="ger_proposals",
    )
    proposer_label = models.CharField(_("proposed by"), max_length=254)
    proposer_agency = models.ForeignKey(
        "registry.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals_made",
        verbose_name=_("proposing agency"),
    )
    base_version = models.PositiveIntegerField(_("mission version proposed against"))
    changes = models.JSONField(_("changes"), default=dict)
    reason = models.TextField(_("reason"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.OPEN
    )
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ger_reviewed_proposals",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("change proposal")
        verbose_name_plural = _("change proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["open", "accepted", "rejected"]),
                name="change_proposal_state_valid",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.mission_slug} by {self.proposer_label}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class ProposalComment(models.Model):
    """One message in a proposal's comment thread."""

    proposal = models.ForeignKey(
        ChangeProposal, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True
    )
    author_label = models.CharField(_("author"), max_length=254)
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("proposal comment")
        verbose_name_plural = _("proposal comments")

    def __str__(self) -> str:
        return f"{self.author_label} on proposal #{self.proposal_id}"


class EditionFlag(models.Model):
    """A problem an agency flags in an edition under review."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="flags")
    agency = models.ForeignKey(
        "registry.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="edition_flags",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True
    )
    author_label = models.CharField(_("author"), max_length=254)
    mission_slug = models.CharField(_("mission"), max_length=80, blank=True)
    body = models.TextField(_("problem"))
    created_at = models.DateTimeField(_("flagged at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("edition flag")
        verbose_name_plural = _("edition flags")

    def __str__(self) -> str:
        return f"{self.agency} on {self.edition_id}: {self.body[:40]}"
