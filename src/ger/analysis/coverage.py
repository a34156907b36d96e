"""Objective coverage: who addresses each objective and when, gaps and overlaps."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ger.analysis.model import Portfolio
from ger.analysis.results import Table


@dataclass(frozen=True)
class Contribution:
    """One mission addressing one objective."""

    slug: str
    name: str
    agencies: tuple[str, ...]
    window: str | None
    years: tuple[int, ...]
    editorial: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "agencies": list(self.agencies),
            "window": self.window,
            "editorial": self.editorial,
        }


@dataclass(frozen=True)
class Overlap:
    """Several agencies addressing the same objective in the same year."""

    year: int
    agencies: tuple[str, ...]
    missions: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "agencies": list(self.agencies),
            "missions": list(self.missions),
        }


@dataclass(frozen=True)
class ObjectiveCoverage:
    """How one objective is covered."""

    code: str
    title: str
    goal: str
    contributions: tuple[Contribution, ...]
    overlaps: tuple[Overlap, ...]
    first_year: int | None
    gap: bool
    late: bool
    # For a gap: "not planned" when every mission's objectives are recorded (the
    # agencies' plans hold no mission for it), else "not recorded" (our record may
    # simply lack the link).
    gap_kind: str | None = None

    @property
    def agencies(self) -> tuple[str, ...]:
        return tuple(
            sorted({code for link in self.contributions for code in link.agencies})
        )

    @property
    def editorial_only(self) -> bool:
        return bool(self.contributions) and all(
            link.editorial for link in self.contributions
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "goal": self.goal,
            "gap": self.gap,
            "gap_kind": self.gap_kind,
            "late": self.late,
            "first_year": self.first_year,
            "agencies": list(self.agencies),
            "missions": [link.as_dict() for link in self.contributions],
            "overlaps": [overlap.as_dict() for overlap in self.overlaps],
        }


@dataclass(frozen=True)
class CoverageReport:
    """Coverage of every objective, with the thresholds it was computed with."""

    source: dict[str, Any]
    objectives: tuple[ObjectiveCoverage, ...]
    before_year: int | None
    min_agencies: int
    stated_links: int
    editorial_links: int
    missions: int = 0
    missions_recorded: int = 0
    missions_linked: int = 0

    @property
    def record_complete(self) -> bool:
        """Return whether every mission's objectives are recorded."""
        return self.missions > 0 and self.missions_recorded == self.missions

    @property
    def recorded_share(self) -> float | None:
        """Return the share of missions with at least one recorded objective link."""
        return None if not self.missions else self.missions_linked / self.missions

    @property
    def gaps(self) -> tuple[ObjectiveCoverage, ...]:
        return tuple(row for row in self.objectives if row.gap or row.late)

    @property
    def overlapping(self) -> tuple[ObjectiveCoverage, ...]:
        return tuple(row for row in self.objectives if row.overlaps)

    def as_dict(self) -> dict[str, Any]:
        return {
            "analysis": "coverage",
            "source": self.source,
            "parameters": {
                "before_year": self.before_year,
                "min_agencies": self.min_agencies,
            },
            "links": {"stated": self.stated_links, "editorial": self.editorial_links},
            "record": {
                "missions": self.missions,
                "with_an_objective_link": self.missions_linked,
                "share_with_an_objective_link": None
                if self.recorded_share is None
                else round(self.recorded_share, 3),
                "with_objectives_recorded": self.missions_recorded,
                "complete": self.record_complete,
            },
            "gaps": [row.code for row in self.gaps],
            "overlaps": [row.code for row in self.overlapping],
            "objectives": [row.as_dict() for row in self.objectives],
        }

    def table(self) -> Table:
        return Table(
            (
                "objective",
                "title",
                "missions",
                "agencies",
                "first_year",
                "gap",
                "overlap_years",
                "editorial_only",
            ),
            tuple(
                (
                    row.code,
                    row.title,
                    ", ".join(link.slug for link in row.contributions),
                    ", ".join(row.agencies),
                    row.first_year,
                    row.gap or row.late,
                    ", ".join(str(overlap.year) for overlap in row.overlaps),
                    row.editorial_only,
                )
                for row in self.objectives
            ),
        )


def objective_coverage(
    portfolio: Portfolio, before_year: int | None = None, min_agencies: int = 2
) -> CoverageReport:
    """Return which missions and agencies address each objective, and when."""
    by_objective: dict[str, list[Contribution]] = defaultdict(list)
    stated = editorial = 0
    active = [item for item in portfolio.items if not item.is_cancelled]
    linked = sum(1 for item in active if item.objectives)
    recorded = sum(1 for item in active if item.objectives or item.objectives_recorded)
    complete = bool(active) and recorded == len(active)
    for item in active:
        if not item.objectives:
            continue
        window = item.window
        for link in item.objectives:
            by_objective[link.code].append(
                Contribution(
                    slug=item.slug,
                    name=item.name,
                    agencies=item.agencies,
                    window=None if window is None else window.label,
                    years=() if window is None else tuple(window.years),
                    editorial=link.editorial,
                )
            )
            if link.editorial:
                editorial += 1
            else:
                stated += 1
    known = {objective.code for objective in portfolio.objectives}
    rows = [
        _cover(
            objective.code,
            objective.title,
            objective.goal,
            by_objective,
            before_year,
            min_agencies,
        )
        for objective in portfolio.objectives
    ]
    # Links to objectives the portfolio does not list still count, under their code.
    rows.extend(
        _cover(code, code, "", by_objective, before_year, min_agencies)
        for code in sorted(set(by_objective) - known)
    )
    kind = "not planned" if complete else "not recorded"
    return CoverageReport(
        source=portfolio.describe(),
        objectives=tuple(
            dataclasses.replace(row, gap_kind=kind) if row.gap else row for row in rows
        ),
        before_year=before_year,
        min_agencies=min_agencies,
        stated_links=stated,
        editorial_links=editorial,
        missions=len(active),
        missions_recorded=recorded,
        missions_linked=linked,
    )


def _cover(
    code: str,
    title: str,
    goal: str,
    by_objective: dict[str, list[Contribution]],
    before_year: int | None,
    min_agencies: int,
) -> ObjectiveCoverage:
    contributions = tuple(
        sorted(
            by_objective.get(code, ()),
            key=lambda link: (link.years or (9999,), link.slug),
        )
    )
    years = [year for link in contributions for year in link.years]
    first_year = min(years) if years else None
    late = (
        before_year is not None
        and bool(contributions)
        and (first_year is None or first_year >= before_year)
    )
    return ObjectiveCoverage(
        code=code,
        title=title,
        goal=goal,
        contributions=contributions,
        overlaps=_overlaps(contributions, min_agencies),
        first_year=first_year,
        gap=not contributions,
        late=late,
    )


def _overlaps(
    contributions: tuple[Contribution, ...], min_agencies: int
) -> tuple[Overlap, ...]:
    agencies: dict[int, set[str]] = defaultdict(set)
    missions: dict[int, list[str]] = defaultdict(list)
    for link in contributions:
        for year in link.years:
            agencies[year].update(link.agencies)
            missions[year].append(link.slug)
    return tuple(
        Overlap(year, tuple(sorted(agencies[year])), tuple(missions[year]))
        for year in sorted(agencies)
        # One joint mission is coordination already done, not an overlap.
        if len(agencies[year]) >= min_agencies and len(set(missions[year])) >= 2
    )
