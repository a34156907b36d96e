"""What a diff between two editions holds: its rows and the words for them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy

from ger.editions.snapshot_dates import parse_snapshot_date

CANCELLED = "cancelled"
DROPPED = "dropped"
BASIS_WORDS = {
    "quoted": gettext_lazy("stated in the edition"),
    "reconstructed": gettext_lazy("reconstructed from public reporting"),
}
CHANGE_WORDS = {
    "slip": gettext_lazy("slipped"),
    "earlier": gettext_lazy("moved earlier"),
    "narrowed": gettext_lazy("window narrowed"),
    "widened": gettext_lazy("window widened"),
    "first_recorded": gettext_lazy("date first recorded"),
    "not_recorded": gettext_lazy("date not recorded"),
}


@dataclass(frozen=True)
class Evidence:
    """The statement behind one side of a row: its basis, date and sources."""

    edition: str
    basis: str
    known_since: str | None
    sources: tuple[str, ...]

    @property
    def basis_label(self) -> str:
        """Return the basis as readers say it."""
        return str(BASIS_WORDS.get(self.basis, self.basis))


@dataclass(frozen=True)
class MissionRef:
    slug: str
    name: str
    lead: str
    planned_launch: str | None
    status: str
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Replan:
    slug: str
    name: str
    lead: str
    before: str | None
    after: str | None
    change: str
    slip_months: int | None
    note: str
    evidence: tuple[Evidence, ...] = ()

    @property
    def change_label(self) -> str:
        return str(CHANGE_WORDS.get(self.change, self.change))

    @property
    def precision_changed(self) -> bool:
        old, new = parse_snapshot_date(self.before), parse_snapshot_date(self.after)
        return bool(old and new and old.precision != new.precision)


@dataclass(frozen=True)
class FieldChange:
    slug: str
    name: str
    lead: str
    field: str
    label: str
    before: Any
    after: Any
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class NotRecorded:
    """A mission one record holds and the other says nothing about."""

    slug: str
    name: str
    lead: str
    recorded_in: str  # the code of the edition whose record holds it
    missing_from: str
    evidence: Evidence | None = None


@dataclass(frozen=True)
class RecordChange:
    key: str
    before: Any
    after: Any


@dataclass
class AgencySummary:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    replanned: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(getattr(self, f.name)) for f in dataclasses.fields(self))


@dataclass
class EditionDiff:
    old: dict[str, Any]
    new: dict[str, Any]
    added: list[MissionRef] = field(default_factory=list)
    removed: list[MissionRef] = field(default_factory=list)
    cancelled: list[MissionRef] = field(default_factory=list)
    replanned: list[Replan] = field(default_factory=list)
    changed: list[FieldChange] = field(default_factory=list)
    not_recorded: list[NotRecorded] = field(default_factory=list)
    agencies_joined: list[RecordChange] = field(default_factory=list)
    agencies_left: list[RecordChange] = field(default_factory=list)
    goals: list[RecordChange] = field(default_factory=list)
    objectives: list[RecordChange] = field(default_factory=list)
    dependencies_added: list[str] = field(default_factory=list)
    dependencies_removed: list[str] = field(default_factory=list)
    dependencies_compared: bool = True
    by_agency: dict[str, AgencySummary] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.added,
                self.removed,
                self.cancelled,
                self.replanned,
                self.changed,
                self.agencies_joined,
                self.agencies_left,
                self.goals,
                self.objectives,
                self.dependencies_added,
                self.dependencies_removed,
            )
        )

    def as_dict(self) -> dict[str, Any]:
        """Return the diff as JSON-ready data."""
        data = dataclasses.asdict(self)
        data["by_agency"] = {
            code: dataclasses.asdict(summary)
            for code, summary in self.by_agency.items()
        }
        for row in data["changed"]:
            row["label"] = str(row["label"])
        return data
