"""Mission processes: create, change and delete, each recorded as a revision.

Every write names the version it started from; a stale write is refused and told
what changed meanwhile.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _

from ger.history.models import Revision
from ger.history.services import changes_since, record_revision, record_revisions
from ger.plans.models import Mission
from ger.plans.services.state import (
    MissionInputError,
    apply_changes,
    mission_state,
    missions_for_state,
)
from ger.registry.models import Agency

User = AbstractBaseUser | AnonymousUser | None


class StaleVersionError(Exception):
    """A write started from an older version than the stored one."""

    def __init__(self, mission: Mission, expected: int, since: list[Revision]) -> None:
        super().__init__(
            f"mission {mission.slug} is at version {mission.version}, "
            f"the change started from version {expected}"
        )
        self.mission = mission
        self.expected = expected
        self.changes_since = since


class MissionInUseError(Exception):
    """A mission cannot be deleted because published editions refer to it."""


def _reload(pk: int) -> Mission:
    return missions_for_state().get(pk=pk)


def _lock(mission: Mission, expected_version: int) -> Mission:
    """Lock the mission's row; refuse it when it is no longer at the version seen."""
    locked = Mission.objects.select_for_update().get(pk=mission.pk)
    if locked.version != expected_version:
        raise StaleVersionError(
            locked,
            expected_version,
            changes_since(Revision.RecordType.MISSION, locked.pk, expected_version),
        )
    return locked


def _record(
    mission: Mission,
    action: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    user: User,
    version: int | None = None,
    note: str = "",
) -> None:
    """Record a change to a mission as a revision (at its version unless given)."""
    record_revision(
        record_type=Revision.RecordType.MISSION,
        object_id=mission.pk,
        record_key=mission.slug,
        record_label=mission.name,
        action=action,
        before=before,
        after=after,
        user=user,
        agency=mission.lead,
        version=mission.version if version is None else version,
        note=note,
    )


@transaction.atomic
def create_mission(state: Mapping[str, Any], user: User) -> Mission:
    """Create a mission from a state and record it as a revision."""
    mission = Mission(version=1)
    apply_changes(mission, state)
    mission = _reload(mission.pk)
    _record(mission, Revision.Action.CREATE, None, mission_state(mission), user)
    return mission


@transaction.atomic
def update_mission(
    mission: Mission,
    new_state: Mapping[str, Any],
    user: User,
    expected_version: int,
    note: str = "",
) -> Mission:
    """Apply the fields of ``new_state`` that differ; refuse a stale version."""
    locked = _lock(mission, expected_version)
    locked = _reload(locked.pk)
    before = mission_state(locked)
    changes = {
        name: value
        for name, value in new_state.items()
        if name not in before or before[name] != value
    }
    if not changes:
        return locked
    apply_changes(locked, changes)
    locked.version = expected_version + 1
    locked.save(update_fields=["version", "updated_at"])
    locked = _reload(locked.pk)
    _record(
        locked, Revision.Action.UPDATE, before, mission_state(locked), user, note=note
    )
    return locked


def update_partnership(
    mission: Mission,
    agency: Agency,
    role: str,
    uncertain: bool,
    user: User,
    expected_version: int,
) -> Mission:
    """Change only one partner agency's part in a mission."""
    partners = mission_state(_reload(mission.pk))["partners"]
    if agency.code not in {p["agency"] for p in partners}:
        raise MissionInputError(
            {
                "partners": [
                    _("%(agency)s is not a partner of this mission")
                    % {"agency": agency.code}
                ]
            }
        )
    changed = [
        {**p, "role": role, "uncertain": uncertain} if p["agency"] == agency.code else p
        for p in partners
    ]
    return update_mission(mission, {"partners": changed}, user, expected_version)


@transaction.atomic
def delete_mission(mission: Mission, user: User, expected_version: int) -> None:
    """Delete a mission, keeping its last state in a revision."""
    locked = _lock(mission, expected_version)
    # Published editions keep their plans forever; drafts simply lose the mission.
    published = locked.edition_plans.filter(edition__status="published")
    editions = sorted(set(published.values_list("edition__code", flat=True)))
    if editions:
        raise MissionInUseError(
            _(
                "%(mission)s appears in the published editions %(editions)s: "
                "set its status to cancelled instead of deleting it."
            )
            % {"mission": locked.name, "editions": ", ".join(editions)}
        )
    locked = _reload(locked.pk)
    before = mission_state(locked)
    _record(
        locked, Revision.Action.DELETE, before, None, user, version=locked.version + 1
    )
    locked.edition_plans.all().delete()
    locked.delete()


def mission_revisions(mission: Mission) -> list[Revision]:
    """Return every recorded change of a mission, newest first."""
    return record_revisions(Revision.RecordType.MISSION, mission.pk)


def mission_etag(mission: Mission) -> str:
    """Return the strong HTTP ETag of a mission's current version (for the API)."""
    return f'"mission-{mission.pk}-v{mission.version}"'


def version_from_if_match(header: str | None, mission: Mission) -> int | None:
    """Return the version an ``If-Match`` header names for this mission, or None.

    The API answers 428 when the header is missing (None) and 412 when the version
    it names is not the current one (``update_mission`` raises StaleVersionError).
    """
    if not header:
        return None
    prefix = f'"mission-{mission.pk}-v'
    for tag in (part.strip() for part in header.split(",")):
        if tag == "*":
            # "Any version" names none: a write must say which one it started from.
            return None
        if (
            tag.startswith(prefix)
            and tag.endswith('"')
            and tag[len(prefix) : -1].isdigit()
        ):
            return int(tag[len(prefix) : -1])
    return 0
