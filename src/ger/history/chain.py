"""The tamper-evident chain of revisions: each hash covers the one before it."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from ger.canonical import canonical_json

CHAIN_LOCK_KEY = 4_711_001  # an arbitrary, fixed advisory-lock number for the chain


def revision_content(revision: Any) -> dict[str, Any]:
    """Return the fields a revision's hash covers (works on historical models too)."""
    return {
        "record_type": revision.record_type,
        "object_id": revision.object_id,
        "record_key": revision.record_key,
        "record_label": revision.record_label,
        "action": revision.action,
        "agency_id": revision.agency_id,
        "user_label": revision.user_label,
        "role_label": revision.role_label,
        "created_at": revision.created_at.isoformat(),
        "changes": revision.changes,
        "version": revision.version,
        "note": revision.note,
    }


def chain_time() -> dt.datetime:
    """Return now to the millisecond: the precision every backup keeps exactly."""
    now = timezone.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def chain_hash_of(previous_hash: str, content: dict[str, Any]) -> str:
    """Return the hash of a revision given the previous one's hash."""
    return hashlib.sha256(
        previous_hash.encode() + b"\n" + canonical_json(content)
    ).hexdigest()


def lock_chain() -> None:
    """Serialise appends to the chain for the rest of the transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    # SQLite runs write transactions one at a time (IMMEDIATE mode): nothing to do.


@dataclass(frozen=True)
class ChainBreak:
    """The first revision whose stored hash does not follow from the chain."""

    revision_id: int
    reason: str


def verify_chain(revisions: Iterable[Any]) -> tuple[int, ChainBreak | None]:
    """Check revisions in id order; return how many were checked and the first break."""
    previous = ""
    checked = 0
    for revision in revisions:
        checked += 1
        if revision.previous_hash != previous:
            return checked, ChainBreak(
                revision.pk, "does not point to the revision before it"
            )
        expected = chain_hash_of(previous, revision_content(revision))
        if revision.chain_hash != expected:
            return checked, ChainBreak(
                revision.pk, "its content does not match its hash"
            )
        previous = revision.chain_hash
    return checked, None
