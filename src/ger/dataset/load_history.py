"""Revisions for what a load writes: each mission a file creates or changes gets one.

Loads write in bulk (no model signals, no per-row services), so the history of a
mission would otherwise not show that ``ger import`` or ``ger seed`` changed it. The
states before and after are compared the same way the services compare them, each
changed mission's version goes up by one, and its revision names the loader (as the
author) and the files (as the note).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import F

from ger.editions.models import EditionPlan
from ger.history.chain import chain_hash_of, chain_time, lock_chain, revision_content
from ger.history.models import Revision
from ger.history.services import changed_fields
from ger.plans.models import Mission
from ger.plans.services import mission_state
from ger.plans.services.state import missions_for_state

CHUNK = 500

MissionStates = dict[str, tuple[int, int, int, str, dict[str, Any]]]


def mission_states(slugs: Iterable[str]) -> MissionStates:
    """Return {slug: (id, version, lead id, name, state)} of the stored missions.

    The state holds each edition's statement about the mission too (as
    ``statement CODE``), so a mission's history shows when, and from which file,
    each statement arrived.
    """
    wanted = sorted(set(slugs))
    states: MissionStates = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        statements = _statements(chunk)
        for mission in missions_for_state().filter(slug__in=chunk):
            states[mission.slug] = (
                mission.pk,
                mission.version,
                mission.lead_id,
                mission.name,
                {**mission_state(mission), **statements.get(mission.slug, {})},
            )
    return states


STATEMENT_FIELDS = (
    "name",
    "lead_code",
    "partners",
    "destination_slug",
    "kind",
    "crewed",
    "site",
    "objective_codes",
    "status",
    "statement",
    "in_edition",
    "basis",
    "source_date",
    "uncertain",
)


def _statements(slugs: list[str]) -> dict[str, dict[str, Any]]:
    """Return each mission's statements as ``{slug: {"statement CODE": facts}}``."""
    found: dict[str, dict[str, Any]] = {}
    rows = (
        EditionPlan.objects.filter(mission__slug__in=slugs)
        .select_related("edition", "mission")
        .order_by("mission__slug", "edition__code")
    )
    for plan in rows:
        facts: dict[str, Any] = {
            name: getattr(plan, name)
            for name in STATEMENT_FIELDS
            if getattr(plan, name) not in (None, "", False)
        }
        for name, date in (("launch", plan.launch), ("known_since", plan.known_since)):
            if date is not None:
                facts[name] = str(date)
        found.setdefault(plan.mission.slug, {})[f"statement {plan.edition.code}"] = (
            facts
        )
    return found


# A revision to record: (mission id, slug, name, action, changes, version, lead id).
Pending = tuple[int, str, str, str, Any, int, int]


def record_load_revisions(
    before: MissionStates, slugs: Iterable[str], author: str, note: str
) -> int:
    """Record one revision per mission created or changed since ``before``.

    Returns how many were recorded. The caller holds the load's transaction.
    """
    pending, bumped = _changes(before, mission_states(slugs))
    for start in range(0, len(bumped), CHUNK):
        Mission.objects.filter(pk__in=bumped[start : start + CHUNK]).update(
            version=F("version") + 1
        )
    if not pending:
        return 0
    return _write_chained(pending, author, note)


def _changes(
    before: MissionStates, after: MissionStates
) -> tuple[list[Pending], list[int]]:
    """Return the revisions to record, and the missions whose version must go up."""
    pending: list[Pending] = []
    bumped: list[int] = []
    for slug, (pk, version, lead_id, name, state) in sorted(after.items()):
        old = before.get(slug)
        if old is None:
            pending.append(
                (
                    pk,
                    slug,
                    name,
                    "create",
                    changed_fields(None, state),
                    version,
                    lead_id,
                )
            )
            continue
        changes = changed_fields(old[4], state)
        # The writer may move a version on for a difference the state does not
        # show (a value read back the same): a revision still records the version.
        if changes or version != old[1]:
            # The writer moves the version on when a mission's own fields change;
            # a change to its partners, objectives or sources alone moves it here.
            if version == old[1]:
                version += 1
                bumped.append(pk)
            pending.append((pk, slug, name, "update", changes, version, lead_id))
    return pending, bumped


def _write_chained(pending: list[Pending], author: str, note: str) -> int:
    """Write the revisions at the end of the history chain; return how many."""
    lock_chain()
    previous = (
        Revision.objects.order_by("-id").values_list("chain_hash", flat=True).first()
        or ""
    )
    at = chain_time()
    revisions = []
    for pk, slug, name, action, changes, version, lead_id in pending:
        revision = Revision(
            record_type=Revision.RecordType.MISSION,
            object_id=pk,
            record_key=slug[:100],
            record_label=name[:300],
            action=action,
            agency_id=lead_id,
            user=None,
            user_label=author[:254],
            role_label="system",
            changes=changes,
            version=version,
            note=note,
            created_at=at,
            previous_hash=previous,
        )
        revision.chain_hash = chain_hash_of(previous, revision_content(revision))
        previous = revision.chain_hash
        revisions.append(revision)
    Revision.objects.bulk_create(revisions, batch_size=CHUNK)
    return len(revisions)
