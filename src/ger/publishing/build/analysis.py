"""The analyses the document quotes (coverage, partnerships), through one guarded door.

``ger.analysis`` may be absent or incomplete; then the chapters say the analysis is
not available instead of failing the build. An analysis that fails while running
is reported the same way, with the reason, and the build lists it as a warning.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
PARTNERSHIP_LIMIT = 15


@dataclass(frozen=True)
class TraceRow:
    """One objective: how many missions of each agency address it, and whether a gap."""

    code: str
    title: str
    goal: str
    cells: tuple[int, ...]
    missions: tuple[str, ...]
    first_year: int | None
    gap: bool


@dataclass(frozen=True)
class Traceability:
    """The objectives-by-agencies matrix and the gaps."""

    agencies: tuple[str, ...]
    rows: tuple[TraceRow, ...]
    notes: tuple[str, ...]

    @property
    def gaps(self) -> tuple[TraceRow, ...]:
        return tuple(row for row in self.rows if row.gap)


@dataclass(frozen=True)
class Pair:
    first: str
    second: str
    score: int
    explanation: str


@dataclass(frozen=True)
class Group:
    destination: str
    year: int
    agencies: tuple[str, ...]


@dataclass(frozen=True)
class Partnerships:
    """The best-scored pairs of agencies and the groups meeting at one destination."""

    pairs: tuple[Pair, ...]
    total: int
    groups: tuple[Group, ...]
    notes: tuple[str, ...]


@dataclass
class Analyses:
    """What the document quotes from the analyses, and why a part is missing."""

    traceability: Traceability | None = None
    partnerships: Partnerships | None = None
    problems: list[str] = field(default_factory=list)


def _module(name: str) -> Any:
    try:
        return importlib.import_module(f"ger.analysis.{name}")
    except ImportError:
        return None


def run_analyses(edition_code: str, destination_names: Mapping[str, str]) -> Analyses:
    """Return the edition's traceability matrix and partnerships, when available."""
    result = Analyses()
    adapters, coverage, partnering = (
        _module("adapters"),
        _module("coverage"),
        _module("partnerships"),
    )
    portfolio_for = getattr(adapters, "portfolio_for", None)
    if portfolio_for is None:
        result.problems.append(_("the analysis package is not installed"))
        return result
    try:
        portfolio = portfolio_for(edition_code)
    except Exception as problem:  # an optional chapter must not stop the build
        logger.exception("analysis inputs of %s failed", edition_code)
        result.problems.append(_("analysis inputs: %(error)s") % {"error": problem})
        return result
    objective_coverage = getattr(coverage, "objective_coverage", None)
    if objective_coverage is not None:
        try:
            result.traceability = _traceability(objective_coverage(portfolio))
        except Exception as problem:  # as above
            logger.exception("coverage of %s failed", edition_code)
            result.problems.append(_("coverage: %(error)s") % {"error": problem})
    opportunities = getattr(partnering, "partnership_opportunities", None)
    if opportunities is not None:
        try:
            report = opportunities(portfolio, None, None, True)
            result.partnerships = _partnerships(report, destination_names)
        except Exception as problem:  # as above
            logger.exception("partnerships of %s failed", edition_code)
            result.problems.append(_("partnerships: %(error)s") % {"error": problem})
    return result


def _notes(report: Any) -> tuple[str, ...]:
    return tuple(str(note) for note in report.source.get("notes", ()))


def _traceability(report: Any) -> Traceability:
    agencies = sorted(
        {code for row in report.objectives for code in row.agencies}, key=str.lower
    )
    column = {code: index for index, code in enumerate(agencies)}
    rows = []
    for row in report.objectives:
        cells = [0] * len(agencies)
        for link in row.contributions:
            for code in set(link.agencies):
                cells[column[code]] += 1
        rows.append(
            TraceRow(
                code=row.code,
                title=row.title,
                goal=row.goal,
                cells=tuple(cells),
                missions=tuple(link.name for link in row.contributions),
                first_year=row.first_year,
                gap=bool(row.gap),
            )
        )
    return Traceability(tuple(agencies), tuple(rows), _notes(report))


def _partnerships(report: Any, destination_names: Mapping[str, str]) -> Partnerships:
    ranked = report.opportunities
    return Partnerships(
        pairs=tuple(
            Pair(item.agencies[0], item.agencies[1], item.score, item.explanation)
            for item in ranked[:PARTNERSHIP_LIMIT]
        ),
        total=len(ranked),
        groups=tuple(
            Group(
                destination_names.get(group.destination, group.destination),
                group.year,
                tuple(group.agencies),
            )
            for group in report.groups
        ),
        notes=_notes(report),
    )
