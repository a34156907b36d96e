"""Dated plan statements as the forecast model reads them, with their outcomes.

A case is one statement: the class of its mission, when it was known, the window it
planned and what happened (launched, still waiting, cancelled). Months are counted
as month numbers (``months.py``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from ger.analysis.model import Dependency, PlanItem, PlanStatementRecord, Window
from ger.analysis.months import month_number
from ger.analysis.risk import Novelty, vehicle_class

# Fixed before any result was seen; never tuned on one.
MIN_HORIZON_MONTHS = 1.0
LAUNCHED, WAITING, CANCELLED, UNDATED, STATED_LATE = (
    "launched",
    "waiting",
    "cancelled",
    "undated",
    "stated after launch",
)


@dataclass(frozen=True)
class Case:
    """One statement as the model reads it: class, horizon and outcome in months."""

    mission: str
    source: str
    class_key: str
    known: float  # month number the statement was known by
    start: float  # month number the planned window opens (the statement day if NLT)
    end: float  # month number the planned window closes
    outcome: str
    actual: float | None  # the launch month number, for a launched mission
    elapsed: float | None  # months from the statement to the day of the data

    @property
    def horizon(self) -> float:
        return max(self.end - self.known, MIN_HORIZON_MONTHS)

    @property
    def informative(self) -> bool:
        """Return whether the case holds evidence: a launch, or an overdue wait."""
        if self.outcome == LAUNCHED:
            return True
        return (
            self.outcome == WAITING
            and self.elapsed is not None
            and self.known + self.elapsed > self.end
        )

    @property
    def log_growth(self) -> float:
        """Return log growth (launched) or its lower bound (waiting)."""
        taken = (self.actual - self.known) if self.actual is not None else self.elapsed
        assert taken is not None
        return math.log(max(taken, 1e-3) / self.horizon)

    @property
    def slip(self) -> float:
        """Return months after the window's end (its lower bound while waiting)."""
        if self.actual is not None:
            return self.actual - self.end
        assert self.elapsed is not None
        return self.known + self.elapsed - self.end


def launch_month(window: Window) -> float:
    """Return a launch's month number: the middle of its recorded period."""
    return (window.start_month + window.end_month) / 2


def cases(
    statements: Iterable[PlanStatementRecord],
    fleet: Iterable[PlanItem],
    links: Iterable[Dependency],
    as_of: dt.date,
) -> list[Case]:
    """Return every statement as a case, with its outcome as known on ``as_of``."""
    novelty = Novelty(fleet, links)
    now = month_number(as_of)
    found = []
    for statement in statements:
        item = statement.item
        known = month_number(statement.known_on + dt.timedelta(days=1))
        window = statement.planned
        start = known if window.open_start else max(window.start_month, known)
        actual = None
        if item.is_cancelled:
            outcome = CANCELLED
        elif item.launched is not None:
            actual = launch_month(item.launched)
            outcome = LAUNCHED if actual > known else STATED_LATE
        elif item.has_flown:
            outcome = UNDATED
        else:
            outcome = WAITING
        found.append(
            Case(
                mission=statement.mission,
                source=statement.source,
                class_key=(
                    f"{vehicle_class(item)}/{novelty.of(item, statement.known_on)}"
                ),
                known=known,
                start=min(start, window.end_month),
                end=window.end_month,
                outcome=outcome,
                actual=actual,
                elapsed=now - known if outcome == WAITING and now > known else None,
            )
        )
    return found
