"""History processes: record a revision, compare states, read the activity feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from ger.history.chain import chain_hash_of, chain_time, lock_chain, revision_content
from ger.history.models import Revision, RevisionQuerySet
from ger.registry.models import Agency
from ger.registry.services import role_of

CSV_HEADER = (
    "when",
    "by",
    "role",
    "agency",
    "record type",
    "record",
    "action",
    "field",
    "before",
    "after",
    "version",
    "note",
)


def changed_fields(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> dict[str, dict[str, Any]]:
    """Return ``{field: {"before": b, "after": a}}`` for each field that differs."""
    old, new = before or {}, after or {}
    return {
        name: {"before": old.get(name), "after": new.get(name)}
        for name in sorted(set(old) | set(new))
        if old.get(name) != new.get(name)
    }


def record_revision(
    *,
    record_type: str,
    object_id: int,
    record_key: str,
    action: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    user: AbstractBaseUser | AnonymousUser | None,
    agency: Agency | None = None,
    record_label: str = "",
    version: int | None = None,
    note: str = "",
) -> Revision | None:
    """Store one change; return None when nothing changed (an update to the same)."""
    changes = changed_fields(before, after)
    if not changes and action == Revision.Action.UPDATE:
        return None
    signed_in = user is not None and user.is_authenticated
    role = role_of(user)
    if role is None:
        role_label = "" if signed_in else "system"
    elif role.agency is not None and role.kind == role.Kind.EDITOR:
        role_label = f"{role.agency.code} editor"
    else:
        role_label = "secretariat"
    with transaction.atomic():
        lock_chain()
        last = (
            Revision.objects.order_by("-id")
            .values_list("chain_hash", flat=True)
            .first()
        )
        revision = Revision(
            record_type=record_type,
            object_id=object_id,
            record_key=record_key[:100],
            record_label=record_label[:300],
            action=action,
            agency=agency,
            user=user if isinstance(user, User) else None,
            user_label=(user.get_username() if signed_in and user else "system")[:254],
            role_label=role_label,
            changes=changes,
            version=version,
            note=note,
            created_at=chain_time(),
            previous_hash=last or "",
        )
        revision.chain_hash = chain_hash_of(
            revision.previous_hash, revision_content(revision)
        )
        revision.save()
    return revision


def record_revisions(record_type: str, object_id: int) -> list[Revision]:
    """Return one record's revisions, newest first."""
    return list(
        Revision.objects.of_record(record_type, object_id).select_related("agency")
    )


def changes_since(record_type: str, object_id: int, version: int) -> list[Revision]:
    """Return the revisions made after ``version`` of a record, oldest first."""
    return list(
        Revision.objects.filter(
            record_type=record_type, object_id=object_id, version__gt=version
        ).order_by("created_at", "id")
    )


def activity(
    agency: Agency | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> RevisionQuerySet:
    """Return the revisions of every record, newest first, filtered as asked."""
    revisions = Revision.objects.select_related("agency").order_by("-created_at", "-id")
    if agency is not None:
        revisions = revisions.filter(agency=agency)
    if since is not None:
        revisions = revisions.filter(created_at__gte=_day_start(since))
    if until is not None:
        revisions = revisions.filter(
            created_at__lt=_day_start(until + dt.timedelta(days=1))
        )
    return revisions


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def as_text(value: Any) -> str:
    """Return a revision value as one line of text for tables and CSV."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(as_text(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}={as_text(item)}" for key, item in value.items())
    return str(value)


def activity_rows(revisions: RevisionQuerySet) -> Iterator[tuple[str, ...]]:
    """Yield one CSV row per changed field of each revision (the header first)."""
    yield CSV_HEADER
    for revision in revisions.iterator(chunk_size=500):
        when = timezone.localtime(revision.created_at).isoformat(timespec="seconds")
        agency = revision.agency.code if revision.agency else ""
        rows = revision.change_rows() or [("", None, None)]
        for name, before, after in rows:
            yield (
                when,
                revision.user_label,
                revision.role_label,
                agency,
                revision.record_type,
                revision.record_key,
                revision.action,
                name,
                as_text(before),
                as_text(after),
                "" if revision.version is None else str(revision.version),
                revision.note,
            )
