"""What binds a milestone: its upstream chain and each upstream mission's float.

A milestone is one mission, or the first crewed landing (the earliest of the crewed
landers still to fly). The float of an upstream mission is how far it can slip
before the milestone moves; the critical chain is the path of least slack.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ger.analysis.schedule import FIRST_CREWED_LANDING, ScheduleGraph


def resolve_milestone(graph: ScheduleGraph, milestone: str) -> list[int]:
    """Return the nodes of a milestone: one mission, or the first crewed landing."""
    if milestone != FIRST_CREWED_LANDING:
        return [graph.node(milestone)]
    return [
        node
        for node, item in enumerate(graph.items)
        if item.crewed and item.lands and not item.has_flown and graph.dated(node)
    ]


@dataclass(frozen=True)
class Float:
    """How far an upstream mission can slip before the milestone moves."""

    slug: str
    name: str
    window: str
    earliest: float | None
    float_months: float | None
    launched: bool


def float_to(graph: ScheduleGraph, target: int) -> list[Float]:
    """Return the target's ancestors with their total float to it, least first."""
    total: dict[int, float] = {target: 0.0}
    ancestors = _ancestors(graph, target)
    for node in reversed(graph.order):
        if node not in ancestors or not graph.dated(node):
            continue
        best = math.inf
        for down, lag in graph.downstream[node]:
            if down in total:
                slack = graph.earliest[down] - (graph.earliest[node] + lag)
                best = min(best, max(0.0, slack) + total[down])
        if best < math.inf:
            total[node] = best
    rows = []
    for node in ancestors:
        item = graph.items[node]
        dated = graph.dated(node)
        rows.append(
            Float(
                slug=item.slug,
                name=item.name,
                window=item.window.label if item.window else "",
                earliest=graph.earliest[node] if dated else None,
                float_months=total.get(node),
                launched=graph.fixed[node],
            )
        )
    rows.sort(key=lambda row: (row.float_months is None, row.float_months, row.slug))
    return rows


def critical_chain(graph: ScheduleGraph, target: int) -> list[int]:
    """Return the chain of upstream missions that binds the target, root first."""
    chain = [target]
    node = target
    seen = {target}
    while True:
        best: tuple[float, float, int] | None = None
        for up, lag in graph.upstream[node]:
            if not graph.dated(up) or up in seen:
                continue
            slack = graph.earliest[node] - (graph.earliest[up] + lag)
            key = (max(0.0, slack), -graph.earliest[up], up)
            if best is None or key < best:
                best = key
        if best is None:
            break
        node = best[2]
        seen.add(node)
        chain.append(node)
    chain.reverse()
    return chain


def _ancestors(graph: ScheduleGraph, target: int) -> set[int]:
    found: set[int] = set()
    stack = [target]
    while stack:
        node = stack.pop()
        for up, _lag in graph.upstream[node]:
            if up not in found:
                found.add(up)
                stack.append(up)
    return found
