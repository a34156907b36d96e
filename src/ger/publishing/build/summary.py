"""The executive summary's numbers, computed from the edition and the one before."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ger.editions.diff import EditionDiff
from ger.publishing.build.missions import StatedMission


@dataclass(frozen=True)
class Count:
    """A labelled number, one row of a summary table."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Summary:
    """What the edition holds, in numbers."""

    members: int
    missions: int
    crewed: int
    robotic: int
    dated: int
    by_destination: tuple[Count, ...]
    by_kind: tuple[Count, ...]
    by_status: tuple[Count, ...]
    by_lead: tuple[Count, ...]
    previous_title: str | None
    added: int
    removed: int
    replanned: int
    cancelled: int
    joined: int
    # Missions in only one of the two records: not recorded in the other, which
    # does not make them new or dropped.
    first_recorded: int = 0
    no_longer_recorded: int = 0
    crew_unrecorded: int = 0


def _counts(
    values: Sequence[tuple[str, str]], order: Sequence[str] | None = None
) -> tuple[Count, ...]:
    tally = Counter(key for key, _label in values)
    labels = dict(values)
    if order is None:
        keys = sorted(tally, key=lambda key: (-tally[key], labels[key].lower(), key))
    else:
        rank = {key: index for index, key in enumerate(order)}
        keys = sorted(tally, key=lambda key: (rank.get(key, len(rank)), key))
    return tuple(Count(key, labels[key], tally[key]) for key in keys)


def summarize(
    members: int,
    missions: Sequence[StatedMission],
    diff: EditionDiff | None,
    previous_title: str | None,
    destination_order: Sequence[str],
) -> Summary:
    """Return the edition's numbers: members, missions by kind, what is new."""
    crewed = sum(1 for m in missions if m.crewed and m.records("crewed"))
    robotic = sum(1 for m in missions if not m.crewed and m.records("crewed"))
    new_code = diff.new.get("code") if diff else None
    only = diff.not_recorded if diff else []
    return Summary(
        members=members,
        missions=len(missions),
        crewed=crewed,
        robotic=robotic,
        dated=sum(1 for mission in missions if mission.planned is not None),
        by_destination=_counts(
            [(m.destination, m.destination_name) for m in missions], destination_order
        ),
        by_kind=_counts([(m.kind, m.kind_label) for m in missions]),
        by_status=_counts([(m.status, m.status_label) for m in missions]),
        by_lead=_counts([(m.lead, m.lead) for m in missions]),
        previous_title=previous_title,
        added=len(diff.added) if diff else 0,
        removed=len(diff.removed) if diff else 0,
        replanned=len(diff.replanned) if diff else 0,
        cancelled=len(diff.cancelled) if diff else 0,
        joined=len(diff.agencies_joined) if diff else 0,
        first_recorded=sum(1 for row in only if row.recorded_in == new_code),
        no_longer_recorded=sum(1 for row in only if row.recorded_in != new_code),
        crew_unrecorded=len(missions) - crewed - robotic,
    )
