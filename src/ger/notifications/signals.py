"""Notices sent when proposals and editions move, whichever path moved them."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_save
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ger.editions.models import ChangeProposal, Edition
from ger.notifications.models import Kind
from ger.notifications.services import (
    agency_editors,
    members_who_asked,
    notify,
    secretariat_members,
)
from ger.registry.models import Agency


def _remember_state(
    sender: Any, instance: Any, raw: bool = False, **kwargs: Any
) -> None:
    previous = None
    if not raw and instance.pk is not None:
        previous = (
            sender.objects.filter(pk=instance.pk)
            .values_list("state" if sender is ChangeProposal else "status", flat=True)
            .first()
        )
    instance._ger_previous = previous


def _proposal_saved(
    sender: Any,
    instance: ChangeProposal,
    created: bool,
    raw: bool = False,
    **kwargs: Any,
) -> None:
    if raw:
        return
    name = instance.mission.name if instance.mission else instance.mission_slug
    url = reverse("workspace:proposal", args=[instance.pk])
    # Stored notices read in the site's language, whoever's request sent them.
    with translation.override(None):
        if created and instance.state == ChangeProposal.State.OPEN:
            owner = instance.owner_agency
            recipients = list(secretariat_members())
            if owner is not None:
                recipients += list(agency_editors([owner.code]))
            notify(
                Kind.PROPOSAL_SUBMITTED,
                recipients,
                _("Proposed change to %(name)s awaits a decision") % {"name": name},
                _("%(who)s proposes changes to %(fields)s.")
                % {
                    "who": instance.proposer_label,
                    "fields": ", ".join(sorted(instance.changes)),
                },
                url,
                exclude=instance.proposer,
            )
        elif (
            getattr(instance, "_ger_previous", None) == ChangeProposal.State.OPEN
            and instance.state != ChangeProposal.State.OPEN
            and instance.proposer is not None
        ):
            notify(
                Kind.PROPOSAL_DECIDED,
                [instance.proposer],
                _("Your proposed change to %(name)s was %(state)s")
                % {"name": name, "state": instance.get_state_display()},
                instance.review_comment,
                url,
            )


def _edition_saved(
    sender: Any, instance: Edition, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    previous = getattr(instance, "_ger_previous", None)
    if raw or created or previous == instance.status:
        return
    with translation.override(None):
        if instance.status == Edition.Status.REVIEW:
            codes = instance.participating_agencies or list(
                Agency.objects.members().values_list("code", flat=True)
            )
            notify(
                Kind.EDITION_IN_REVIEW,
                agency_editors(codes),
                _("%(title)s awaits your agency's review") % {"title": instance.title},
                _("Check what it says about your agency's missions and flag problems."),
                reverse("workspace:edition", args=[instance.slug]),
            )
        elif (
            instance.status == Edition.Status.PUBLISHED
            and previous == Edition.Status.REVIEW
        ):
            notify(
                Kind.EDITION_PUBLISHED,
                members_who_asked(Kind.EDITION_PUBLISHED),
                _("%(title)s is published") % {"title": instance.title},
                "",
                instance.get_absolute_url(),
            )


def connect() -> None:
    pre_save.connect(_remember_state, sender=ChangeProposal, dispatch_uid="ger-n-p0")
    pre_save.connect(_remember_state, sender=Edition, dispatch_uid="ger-n-e0")
    post_save.connect(_proposal_saved, sender=ChangeProposal, dispatch_uid="ger-n-p1")
    post_save.connect(_edition_saved, sender=Edition, dispatch_uid="ger-n-e1")
