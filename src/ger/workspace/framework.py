"""Secretariat processes: the goals/objectives framework, membership and accounts.

Each write is recorded as a revision, like mission changes.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import models, transaction

from ger.history.models import Revision
from ger.history.services import record_revision
from ger.objectives.models import GOAL_FACTS, Goal, Objective
from ger.plandates import PlanDate
from ger.registry.models import Agency, Membership, UserRole
from ger.registry.services import create_account

# "translations" last: the forms edit it as one input per language, not as JSON.
GOAL_FIELDS = (*GOAL_FACTS, "translations")
OBJECTIVE_FIELDS = (
    "code",
    "title",
    "goal",
    "theme",
    "framework",
    "note",
    "uncertain",
    "uncertain_note",
    "translations",
)


def _state(record: models.Model | None, fields: tuple[str, ...]) -> dict[str, Any]:
    if record is None or record.pk is None:
        return {}
    state: dict[str, Any] = {}
    for name in fields:
        value = getattr(record, name)
        state[name] = getattr(value, "code", value) if value is not None else None
    return state


@transaction.atomic
def save_framework_record(record: Goal | Objective, user: User) -> Goal | Objective:
    """Save a goal or objective (validated by its form) and record the change."""
    is_goal = isinstance(record, Goal)
    fields = GOAL_FIELDS if is_goal else OBJECTIVE_FIELDS
    stored = type(record).objects.filter(pk=record.pk).first() if record.pk else None
    before = _state(stored, fields)
    record.save()
    record_revision(
        record_type=Revision.RecordType.GOAL
        if is_goal
        else Revision.RecordType.OBJECTIVE,
        object_id=record.pk,
        record_key=record.code,
        record_label=record.title,
        action=Revision.Action.UPDATE if stored else Revision.Action.CREATE,
        before=before or None,
        after=_state(record, fields),
        user=user,
    )
    return record


def _membership_state(membership: Membership | None) -> dict[str, Any]:
    if membership is None:
        return {}
    return {
        "joined": str(membership.joined),
        "founding": membership.founding,
        "detail": membership.detail,
    }


@transaction.atomic
def save_membership(
    agency: Agency,
    joined: PlanDate,
    founding: bool,
    detail: str,
    user: User,
) -> Membership:
    """Make the agency a member (or change its membership) and record it."""
    stored = Membership.objects.filter(agency=agency).first()
    before = _membership_state(stored)
    membership, _created = Membership.objects.update_or_create(
        agency=agency,
        defaults={
            "joined_on": joined.start,
            "joined_precision": joined.precision,
            "founding": founding,
            "detail": detail,
        },
    )
    record_revision(
        record_type=Revision.RecordType.MEMBERSHIP,
        object_id=agency.pk,
        record_key=agency.code,
        record_label=agency.name,
        action=Revision.Action.UPDATE if stored else Revision.Action.CREATE,
        before=before or None,
        after=_membership_state(membership),
        user=user,
        agency=agency,
    )
    return membership


@transaction.atomic
def add_account(email: str, kind: str, agency: Agency | None, user: User) -> User:
    """Create an account awaiting its invitation, and record who created it."""
    account = create_account(email, kind, agency.code if agency else None)
    record_revision(
        record_type=Revision.RecordType.ACCOUNT,
        object_id=account.pk,
        record_key=account.get_username(),
        action=Revision.Action.CREATE,
        before=None,
        after={
            "email": account.get_username(),
            "role": kind,
            "agency": agency.code if agency else None,
        },
        user=user,
        agency=agency if kind == UserRole.Kind.EDITOR else None,
    )
    return account
