"""The plain data every analysis reads: plan items, dependencies, objectives, history.

Nothing here touches the database. ``ger.analysis.adapters`` builds these values
from the live plan or from an edition; benchmarks and tests build them by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ger.analysis.months import month_number
from ger.plandates import PlanDate

CANCELLED_STATUSES = frozenset({"cancelled"})
LAUNCHED_STATUSES = frozenset(
    {"launched", "succeeded", "partially_succeeded", "failed"}
)
SURFACE_DESTINATIONS = frozenset({"lunar-surface", "mars-surface"})


@dataclass(frozen=True)
class Window:
    """A period a date is known to: "2028" covers the whole of 2028."""

    start: dt.date
    end: dt.date
    label: str
    qualifier: str = ""
    precision: str = "day"

    @classmethod
    def from_plan_date(cls, date: PlanDate) -> Window:
        """Return the window a date with precision covers."""
        return cls(
            date.start, date.end, str(date), str(date.qualifier), str(date.precision)
        )

    @property
    def open_start(self) -> bool:
        """Return whether the plan only bounds the date from above ("NLT 2030")."""
        return self.qualifier == "nlt"

    @classmethod
    def from_text(cls, text: str) -> Window:
        """Return the window of a date written in GER's syntax ("2025-Q3")."""
        return cls.from_plan_date(PlanDate.parse(text))

    @classmethod
    def day(cls, day: dt.date) -> Window:
        """Return the one-day window of an exact date."""
        return cls(day, day, day.isoformat())

    @property
    def start_month(self) -> float:
        return month_number(self.start)

    @property
    def end_month(self) -> float:
        """Return the month number at the close of the window's last day."""
        return month_number(self.end + dt.timedelta(days=1))

    @property
    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)

    def overlaps(self, other: Window) -> bool:
        """Return whether the two windows share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class ObjectiveLink:
    """A mission's contribution to an objective and its basis (stated or editorial)."""

    code: str
    basis: str = "stated"

    @property
    def editorial(self) -> bool:
        return self.basis == "editorial"


@dataclass(frozen=True)
class Site:
    """A landing site in selenographic degrees, north and east positive."""

    latitude: float
    longitude: float
    name: str = ""
    kind: str = "planned"
    uncertain: bool = False


@dataclass(frozen=True)
class PlanItem:
    """A mission as the analyses see it: who, where, when, what it addresses."""

    slug: str
    name: str
    lead: str
    partners: tuple[str, ...] = ()
    destination: str = ""
    destination_path: tuple[str, ...] = ()
    crewed: bool = False
    kind: str = ""
    status: str = "planned"
    planned: Window | None = None
    launched: Window | None = None
    ended: dt.date | None = None
    duration_days: int | None = None
    objectives: tuple[ObjectiveLink, ...] = ()
    provides: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    site: Site | None = None
    uncertain: bool = False
    # Whether the record says which objectives the mission serves (even none).
    objectives_recorded: bool = False

    @property
    def agencies(self) -> tuple[str, ...]:
        """Return the lead followed by the partners."""
        return (self.lead, *self.partners)

    @property
    def is_cancelled(self) -> bool:
        return self.status in CANCELLED_STATUSES

    @property
    def has_flown(self) -> bool:
        """Return whether the mission launched (with or without a known date)."""
        return self.launched is not None or self.status in LAUNCHED_STATUSES

    @property
    def window(self) -> Window | None:
        """Return the launch window: the actual launch if any, else the plan."""
        return self.launched if self.launched is not None else self.planned

    @property
    def lands(self) -> bool:
        """Return whether the mission goes to a planetary surface."""
        return bool(SURFACE_DESTINATIONS.intersection(self.destination_path))


@dataclass(frozen=True)
class Dependency:
    """``upstream`` enables ``downstream``, which launches ``lag_months`` after."""

    upstream: str
    downstream: str
    kind: str = ""
    lag_months: float = 0.0


@dataclass(frozen=True)
class ObjectiveInfo:
    """An objective of the framework that missions can address."""

    code: str
    title: str
    goal: str = ""


@dataclass(frozen=True)
class PlanRecord:
    """A mission's launch plan as an edition stated it, for calibrating slips."""

    edition: str
    stated_on: dt.date
    window: Window
    item: PlanItem
    uncertain: bool = False


@dataclass(frozen=True)
class Portfolio:
    """Everything the analyses read about one plan: the live plan or an edition."""

    label: str
    as_of: dt.date
    items: tuple[PlanItem, ...]
    dependencies: tuple[Dependency, ...] = ()
    objectives: tuple[ObjectiveInfo, ...] = ()
    agency_names: Mapping[str, str] = field(default_factory=dict)
    destination_names: Mapping[str, str] = field(default_factory=dict)
    capability_names: Mapping[str, str] = field(default_factory=dict)
    members: frozenset[str] = frozenset()
    notes: tuple[str, ...] = ()

    @cached_property
    def by_slug(self) -> dict[str, PlanItem]:
        return {item.slug: item for item in self.items}

    def agency_name(self, code: str) -> str:
        return self.agency_names.get(code, code)

    def destination_name(self, slug: str) -> str:
        return self.destination_names.get(slug, slug)

    def capability_name(self, code: str) -> str:
        return self.capability_names.get(code, code.replace("_", " "))

    def describe(self) -> dict[str, Any]:
        """Return what the analysis ran on, for the header of every result."""
        return {
            "label": self.label,
            "as_of": self.as_of.isoformat(),
            "missions": len(self.items),
            "dependencies": len(self.dependencies),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class History:
    """Every plan the editions stated, and the missions as known today."""

    records: tuple[PlanRecord, ...]
    fleet: tuple[PlanItem, ...]
    dependencies: tuple[Dependency, ...]
    as_of: dt.date
    editions: Mapping[str, dt.date] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanStatementRecord:
    """One dated statement of a mission's launch plan, with what became of it.

    ``source`` names where the statement comes from (an edition's code, or any
    other dated statement); ``known_on`` is the last day of the period the statement
    is known to have been made in, so that nothing stated later is read as known
    earlier. ``item`` is the mission as known today: its class, its status and its
    actual launch, the outcome the statement is scored against.
    """

    mission: str
    source: str
    known_on: dt.date
    planned: Window
    item: PlanItem
    uncertain: bool = False
