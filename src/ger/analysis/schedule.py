"""The schedule graph: missions linked by dependencies with lags, as a DAG.

Each mission's earliest launch is the start of its window (its plan, or its actual
launch, which never moves) pushed later where an upstream mission plus its lag
requires it. Times are fractional month numbers (``ger.analysis.months``).
"""

from __future__ import annotations

import math
from array import array
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ger.analysis.model import PlanItem, Portfolio

FIRST_CREWED_LANDING = "first-crewed-landing"
NO_DATE = -math.inf


class ScheduleError(ValueError):
    """A request the schedule graph cannot answer (unknown or launched mission)."""


class CycleError(ScheduleError):
    """The dependencies loop back on themselves."""

    def __init__(self, cycle: list[str]) -> None:
        self.cycle = cycle
        super().__init__(
            _("the dependencies form a cycle: %(cycle)s") % {"cycle": " → ".join(cycle)}
        )


@dataclass(frozen=True)
class ScheduleGraph:
    """Missions in topological order with their windows, links and earliest dates."""

    items: tuple[PlanItem, ...]
    index: dict[str, int]
    order: tuple[int, ...]
    upstream: tuple[tuple[tuple[int, float], ...], ...]
    downstream: tuple[tuple[tuple[int, float], ...], ...]
    start: tuple[float, ...]
    end: tuple[float, ...]
    open_start: tuple[bool, ...]
    fixed: tuple[bool, ...]
    earliest: tuple[float, ...]
    binding: tuple[int, ...]

    def node(self, slug: str) -> int:
        try:
            return self.index[slug]
        except KeyError:
            raise ScheduleError(f"unknown mission {slug!r}") from None

    def dated(self, node: int) -> bool:
        return self.earliest[node] != NO_DATE


def build_graph(portfolio: Portfolio) -> ScheduleGraph:
    """Return the DAG of the portfolio's missions; raise CycleError on a loop."""
    items = tuple(item for item in portfolio.items if not item.is_cancelled)
    index = {item.slug: position for position, item in enumerate(items)}
    upstream: list[list[tuple[int, float]]] = [[] for _ in items]
    downstream: list[list[tuple[int, float]]] = [[] for _ in items]
    for link in portfolio.dependencies:
        up, down = index.get(link.upstream), index.get(link.downstream)
        if up is None or down is None:
            continue
        upstream[down].append((up, link.lag_months))
        downstream[up].append((down, link.lag_months))
    order = _topological_order(items, upstream, downstream)
    start, end, open_start, fixed = [], [], [], []
    for item in items:
        window = item.window
        start.append(NO_DATE if window is None else window.start_month)
        end.append(NO_DATE if window is None else window.end_month)
        open_start.append(window is not None and window.open_start)
        # A mission flown on an unrecorded date is history too: it never moves.
        fixed.append(item.has_flown)
    earliest, binding = _propagate(order, upstream, start, fixed)
    return ScheduleGraph(
        items=items,
        index=index,
        order=tuple(order),
        upstream=tuple(tuple(links) for links in upstream),
        downstream=tuple(tuple(links) for links in downstream),
        start=tuple(start),
        end=tuple(end),
        open_start=tuple(open_start),
        fixed=tuple(fixed),
        earliest=tuple(earliest),
        binding=tuple(binding),
    )


def _topological_order(
    items: tuple[PlanItem, ...],
    upstream: list[list[tuple[int, float]]],
    downstream: list[list[tuple[int, float]]],
) -> list[int]:
    waiting = [len({up for up, _lag in links}) for links in upstream]
    ready = deque(node for node, count in enumerate(waiting) if count == 0)
    order: list[int] = []
    while ready:
        node = ready.popleft()
        order.append(node)
        for down in {down for down, _lag in downstream[node]}:
            waiting[down] -= 1
            if waiting[down] == 0:
                ready.append(down)
    if len(order) < len(items):
        left = {node for node, count in enumerate(waiting) if count > 0}
        slugs = [items[node].slug for node in _find_cycle(left, upstream)]
        # Start at the first slug alphabetically, so a cycle is always named alike.
        start = slugs.index(min(slugs))
        slugs = slugs[start:] + slugs[:start]
        raise CycleError([*slugs, slugs[0]])
    return order


def _find_cycle(left: set[int], upstream: list[list[tuple[int, float]]]) -> list[int]:
    """Return one cycle among the nodes left over by the topological sort."""
    # Every leftover node has a leftover upstream, so walking upstream must loop.
    node = min(left)
    seen: dict[int, int] = {}
    path: list[int] = []
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = min(up for up, _lag in upstream[node] if up in left)
    cycle = path[seen[node] :]
    cycle.reverse()  # upstream walk reversed: read in the direction of the links
    return cycle


def _propagate(
    order: Sequence[int],
    upstream: Sequence[Sequence[tuple[int, float]]] | Links,
    own: list[float],
    fixed: Sequence[bool] | bytes,
) -> tuple[list[float], list[int]]:
    earliest = list(own)
    binding = [-1] * len(own)
    for node in order:
        if fixed[node]:
            continue
        for up, lag in upstream[node]:
            if earliest[up] == NO_DATE:
                continue
            required = earliest[up] + lag
            if required > earliest[node] + 1e-9:
                earliest[node], binding[node] = required, up
    return earliest, binding


@dataclass(frozen=True)
class Shift:
    """One mission's change of earliest launch in a what-if."""

    slug: str
    name: str
    window: str
    before: float
    after: float
    moved_directly: bool
    via: str | None
    within_window: bool

    @property
    def months(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class Links:
    """Each mission's links in compressed rows: ``offsets[n]:offsets[n+1]`` of node n.

    Three flat arrays instead of a tuple per mission and per link: they pickle as
    bytes and load back without building an object per link.
    """

    offsets: array[int]
    nodes: array[int]
    lags: array[float]

    @classmethod
    def of(cls, rows: Sequence[Sequence[tuple[int, float]]]) -> Links:
        offsets, nodes, lags = array("i", [0]), array("i"), array("d")
        for row in rows:
            for node, lag in row:
                nodes.append(node)
                lags.append(lag)
            offsets.append(len(nodes))
        return cls(offsets, nodes, lags)

    def __getitem__(self, node: int) -> list[tuple[int, float]]:
        first, last = self.offsets[node], self.offsets[node + 1]
        return list(zip(self.nodes[first:last], self.lags[first:last], strict=True))


@dataclass(frozen=True)
class SlipGraph:
    """The schedule graph cut down to what a slip's knock-on needs, packed.

    No plan items: each mission's slug, name and window label in one text, its
    numbers in arrays, its links in compressed rows. At 10,000 missions it pickles
    to about a megabyte and loads in a millisecond or two, so it can be kept in a
    cache for a plan generation and read back on every mission page; finding one
    mission in it builds no index.
    """

    text: str
    bounds: array[int]
    slugs: str
    order: array[int]
    position: array[int]
    upstream: Links
    downstream: Links
    start: array[float]
    end: array[float]
    fixed: bytes
    earliest: array[float]

    @classmethod
    def of(cls, graph: ScheduleGraph) -> SlipGraph:
        """Return the parts of ``graph`` a slip reads."""
        labels: list[str] = []
        for item in graph.items:
            labels.extend(
                (item.slug, item.name, item.window.label if item.window else "")
            )
        bounds = array("i", [0])
        for label in labels:
            bounds.append(bounds[-1] + len(label))
        slugs = [item.slug for item in graph.items]
        if any("\n" in slug for slug in slugs):
            raise ValueError("a mission slug holds a line break")
        position = array("i", [0]) * len(graph.order)
        for rank, node in enumerate(graph.order):
            position[node] = rank
        return cls(
            text="".join(labels),
            bounds=bounds,
            slugs="\n" + "\n".join(slugs) + "\n",
            order=array("i", graph.order),
            position=position,
            upstream=Links.of(graph.upstream),
            downstream=Links.of(graph.downstream),
            start=array("d", graph.start),
            end=array("d", graph.end),
            fixed=bytes(graph.fixed),
            earliest=array("d", graph.earliest),
        )

    def __len__(self) -> int:
        return len(self.order)

    def _label(self, node: int, part: int) -> str:
        position = 3 * node + part
        return self.text[self.bounds[position] : self.bounds[position + 1]]

    def slug(self, node: int) -> str:
        return self._label(node, 0)

    def name(self, node: int) -> str:
        return self._label(node, 1)

    def window(self, node: int) -> str:
        """Return the mission's window label ("" without a date)."""
        return self._label(node, 2)

    def find(self, slug: str) -> int | None:
        """Return the mission's node, or None when it is not in the graph."""
        if "\n" in slug:
            return None
        # One line per mission: its node is the number of lines before it.
        found = self.slugs.find(f"\n{slug}\n")
        return None if found < 0 else self.slugs.count("\n", 0, found)

    def node(self, slug: str) -> int:
        found = self.find(slug)
        if found is None:
            raise ScheduleError(f"unknown mission {slug!r}")
        return found

    def dated(self, node: int) -> bool:
        return self.earliest[node] != NO_DATE


def propagate_slip(
    graph: ScheduleGraph | SlipGraph, moves: Mapping[str, float]
) -> list[Shift]:
    """Return every mission whose earliest launch changes when ``moves`` are applied."""
    slip = graph if isinstance(graph, SlipGraph) else SlipGraph.of(graph)
    own = list(slip.earliest)
    moved = set()
    for slug, months in moves.items():
        node = slip.node(slug)
        if slip.fixed[node]:
            raise ScheduleError(
                _("%(mission)s has already launched; it cannot move")
                % {"mission": slug}
            )
        if not slip.dated(node):
            raise ScheduleError(
                _("%(mission)s has no planned date to move") % {"mission": slug}
            )
        own[node] += months
        moved.add(node)
    # Only the moved missions and those downstream of them can change: recompute
    # those, in topological order, from their own start; every other mission
    # keeps the earliest date it had (the same numbers a full pass gives).
    affected = _descendants(slip, moved)
    for node in affected - moved:
        own[node] = slip.start[node]
    order = sorted(affected, key=slip.position.__getitem__)
    earliest, binding = _propagate(order, slip.upstream, own, slip.fixed)
    shifts = []
    for node in order:
        if abs(earliest[node] - slip.earliest[node]) < 1e-9 or not slip.dated(node):
            continue
        via = binding[node]
        shifts.append(
            Shift(
                slug=slip.slug(node),
                name=slip.name(node),
                window=slip.window(node),
                before=slip.earliest[node],
                after=earliest[node],
                moved_directly=node in moved,
                via=None if via < 0 else slip.slug(via),
                within_window=slip.end[node] == NO_DATE
                or earliest[node] < slip.end[node],
            )
        )
    return shifts


def _descendants(graph: SlipGraph, nodes: set[int]) -> set[int]:
    """Return ``nodes`` and every mission downstream of them."""
    found = set(nodes)
    stack = list(nodes)
    while stack:
        for down, _lag in graph.downstream[stack.pop()]:
            if down not in found:
                found.add(down)
                stack.append(down)
    return found
