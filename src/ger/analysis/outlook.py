"""Each mission's outlook: its launch forecast and what a slip of it would move.

What every mission's outlook shares (the fleet's Monte Carlo forecast and the
schedule graph) is computed once for the plan, packed into an ``OutlookBasis``
(arrays and one text, no plan items) that a cache can keep for a plan generation;
one mission's outlook is then read from it in about a millisecond.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass

from ger.analysis.montecarlo import Forecast, RiskReport
from ger.analysis.schedule import NO_DATE, Shift, SlipGraph, propagate_slip

NOT_FORECAST = math.nan


@dataclass(frozen=True)
class MissionOutlook:
    """One mission's launch forecast and what a year's slip of it would move."""

    forecast: Forecast | None
    knock_on: tuple[Shift, ...]
    slip_months: float
    # Whether a what-if can move it: still to fly, with a planned date.
    movable: bool = False


@dataclass(frozen=True)
class OutlookBasis:
    """The schedule graph and every mission's forecast, packed to be kept.

    ``quantiles`` holds four numbers per mission (NaN when it has no forecast),
    ``on_plan`` the probability of launching by the planned date (NaN for none),
    ``kind`` an index into ``classes``, the (class, fit used) pairs.
    """

    graph: SlipGraph
    quantiles: array[float]
    on_plan: array[float]
    kind: array[int]
    classes: tuple[tuple[str, str], ...]

    def forecast(self, node: int) -> Forecast | None:
        """Return the forecast of the mission at ``node``, or None without one."""
        quantiles = self.quantiles[4 * node : 4 * node + 4]
        if math.isnan(quantiles[0]):
            return None
        class_key, uses = self.classes[self.kind[node]]
        on_plan = self.on_plan[node]
        return Forecast(
            slug=self.graph.slug(node),
            name=self.graph.name(node),
            class_key=class_key,
            uses=uses,
            window=self.graph.window(node),
            launched=bool(self.graph.fixed[node]),
            quantiles=(quantiles[0], quantiles[1], quantiles[2], quantiles[3]),
            p_by_plan=None if math.isnan(on_plan) else on_plan,
        )

    def outlook(self, slug: str, slip_months: float) -> MissionOutlook:
        """Return the mission's forecast and the missions its slip would push later.

        A mission that flew, was cancelled or is unknown has no outlook.
        """
        node = self.graph.find(slug)
        if node is None or self.graph.fixed[node]:
            return MissionOutlook(None, (), slip_months)
        knock_on: tuple[Shift, ...] = ()
        movable = self.graph.start[node] != NO_DATE
        if movable:
            shifts = propagate_slip(self.graph, {slug: slip_months})
            knock_on = tuple(shift for shift in shifts if not shift.moved_directly)
        return MissionOutlook(self.forecast(node), knock_on, slip_months, movable)


def outlook_basis(graph: SlipGraph, report: RiskReport | None) -> OutlookBasis:
    """Pack the fleet's forecast (None when it cannot be calibrated) with the graph.

    ``report`` must be forecast on the same schedule graph.
    """
    count = len(graph)
    quantiles = array("d", [NOT_FORECAST]) * (4 * count)
    on_plan = array("d", [NOT_FORECAST]) * count
    kind = array("i", [0]) * count
    classes: dict[tuple[str, str], int] = {}
    index = {graph.slug(node): node for node in range(count)}
    for forecast in report.missions if report is not None else ():
        node = index[forecast.slug]
        quantiles[4 * node : 4 * node + 4] = array("d", forecast.quantiles)
        if forecast.p_by_plan is not None:
            on_plan[node] = forecast.p_by_plan
        pair = (forecast.class_key, forecast.uses)
        kind[node] = classes.setdefault(pair, len(classes))
    return OutlookBasis(graph, quantiles, on_plan, kind, tuple(classes))
