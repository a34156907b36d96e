"""Schedule results: the critical path to a milestone and the what-if of a slip."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ger.analysis.critical_path import (
    Float,
    critical_chain,
    float_to,
    resolve_milestone,
)
from ger.analysis.model import PlanItem, Portfolio
from ger.analysis.months import month_label
from ger.analysis.results import Table
from ger.analysis.schedule import (
    FIRST_CREWED_LANDING,
    ScheduleError,
    ScheduleGraph,
    Shift,
    build_graph,
    propagate_slip,
)

MOVE = re.compile(r"^\s*(?P<slug>[\w-]+)\s*=\s*(?P<months>[+-]?\d+(?:\.\d+)?)\s*$")


def parse_moves(texts: Iterable[str]) -> dict[str, float]:
    """Return ``{"slug": months}`` from texts like ``artemis-iv=+12``."""
    moves: dict[str, float] = {}
    for text in texts:
        for part in text.split(","):
            if not part.strip():
                continue
            match = MOVE.match(part)
            if match is None:
                raise ScheduleError(
                    _("%(text)s is not a move: write SLUG=+N or SLUG=-N (months)")
                    % {"text": repr(part.strip())}
                )
            moves[match["slug"]] = moves.get(match["slug"], 0.0) + float(
                match["months"]
            )
    return moves


def _label(value: float | None) -> str | None:
    return None if value is None else month_label(value)


@dataclass(frozen=True)
class ChainLink:
    """One mission on the critical path."""

    slug: str
    name: str
    window: str
    earliest: str | None
    launched: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "window": self.window,
            "earliest": self.earliest,
            "launched": self.launched,
        }


@dataclass(frozen=True)
class ScheduleReport:
    """The critical path to a milestone and each upstream mission's float."""

    source: dict[str, Any]
    milestone: str
    target: ChainLink | None
    chain: tuple[ChainLink, ...]
    floats: tuple[Float, ...]
    conflicts: tuple[ChainLink, ...]
    edges: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "analysis": "schedule",
            "source": self.source,
            "milestone": self.milestone,
            "target": None if self.target is None else self.target.as_dict(),
            "critical_path": [link.as_dict() for link in self.chain],
            "float": [
                {
                    "slug": row.slug,
                    "name": row.name,
                    "window": row.window,
                    "earliest": _label(row.earliest),
                    "float_months": row.float_months,
                    "launched": row.launched,
                }
                for row in self.floats
            ],
            "conflicts": [link.as_dict() for link in self.conflicts],
            "dependencies": self.edges,
        }

    def table(self) -> Table:
        on_chain = {link.slug for link in self.chain}
        return Table(
            ("mission", "window", "earliest", "float_months", "critical", "launched"),
            tuple(
                (
                    row.slug,
                    row.window,
                    _label(row.earliest),
                    None if row.float_months is None else round(row.float_months, 2),
                    row.slug in on_chain,
                    row.launched,
                )
                for row in self.floats
            ),
        )


def _link(graph: ScheduleGraph, node: int) -> ChainLink:
    item = graph.items[node]
    return ChainLink(
        slug=item.slug,
        name=item.name,
        window=item.window.label if item.window else "",
        earliest=_label(graph.earliest[node]) if graph.dated(node) else None,
        launched=graph.fixed[node],
    )


def schedule_report(
    portfolio: Portfolio, milestone: str = FIRST_CREWED_LANDING
) -> ScheduleReport:
    """Return the critical path to ``milestone`` (a mission slug or a named one)."""
    graph = build_graph(portfolio)
    candidates = resolve_milestone(graph, milestone)
    conflicts = tuple(
        _link(graph, node)
        for node in graph.order
        if graph.binding[node] >= 0 and graph.start[node] != float("-inf")
    )
    edges = sum(len(links) for links in graph.upstream)
    if not candidates:
        return ScheduleReport(
            portfolio.describe(), milestone, None, (), (), conflicts, edges
        )
    target = min(
        candidates, key=lambda node: (graph.earliest[node], graph.items[node].slug)
    )
    return ScheduleReport(
        source=portfolio.describe(),
        milestone=milestone,
        target=_link(graph, target),
        chain=tuple(_link(graph, node) for node in critical_chain(graph, target)),
        floats=tuple(float_to(graph, target)),
        conflicts=conflicts,
        edges=edges,
    )


@dataclass(frozen=True)
class WhatIfReport:
    """Every mission that moves when some missions slip, and by how much."""

    source: dict[str, Any]
    moves: dict[str, float]
    shifts: tuple[Shift, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "analysis": "whatif",
            "source": self.source,
            "moves": self.moves,
            "shifts": [
                {
                    "slug": shift.slug,
                    "name": shift.name,
                    "window": shift.window,
                    "before": month_label(shift.before),
                    "after": month_label(shift.after),
                    "months": round(shift.months, 2),
                    "moved_directly": shift.moved_directly,
                    "via": shift.via,
                    "within_window": shift.within_window,
                }
                for shift in self.shifts
            ],
        }

    def table(self) -> Table:
        return Table(
            ("mission", "window", "before", "after", "months", "via", "within_window"),
            tuple(
                (
                    shift.slug,
                    shift.window,
                    month_label(shift.before),
                    month_label(shift.after),
                    round(shift.months, 2),
                    "(moved)" if shift.moved_directly else shift.via,
                    shift.within_window,
                )
                for shift in self.shifts
            ),
        )


def movable(portfolio: Portfolio) -> tuple[PlanItem, ...]:
    """Return the missions a what-if can move: still to fly, with a planned date."""
    return tuple(
        item
        for item in portfolio.items
        if not item.is_cancelled and not item.has_flown and item.planned is not None
    )


def refuse_unmovable(portfolio: Portfolio, moves: Mapping[str, float]) -> None:
    """Raise ScheduleError naming why a mission asked to move cannot move."""
    for slug in moves:
        item = portfolio.by_slug.get(slug)
        if item is None:
            raise ScheduleError(_("unknown mission %(slug)s") % {"slug": repr(slug)})
        if item.is_cancelled:
            raise ScheduleError(
                _("%(mission)s was cancelled; it cannot move") % {"mission": slug}
            )
        if item.has_flown:
            raise ScheduleError(
                _("%(mission)s has already launched; it cannot move")
                % {"mission": slug}
            )
        if item.planned is None:
            raise ScheduleError(
                _("%(mission)s has no planned date to move") % {"mission": slug}
            )


def what_if(portfolio: Portfolio, moves: Mapping[str, float]) -> WhatIfReport:
    """Return the knock-on effect of moving missions, computed in memory only.

    A launched, cancelled or undated mission cannot move: ScheduleError says which.
    """
    refuse_unmovable(portfolio, moves)
    graph = build_graph(portfolio)
    shifts = propagate_slip(graph, moves)
    return WhatIfReport(portfolio.describe(), dict(moves), tuple(shifts))
