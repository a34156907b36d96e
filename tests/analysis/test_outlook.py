"""Mission outlooks read from a packed basis: the same answers as the full analyses."""

from __future__ import annotations

import pickle
import random

import pytest

from ger.analysis.montecarlo import forecast_risk
from ger.analysis.outlook import outlook_basis
from ger.analysis.risk import calibrate
from ger.analysis.schedule import (
    NO_DATE,
    ScheduleGraph,
    Shift,
    SlipGraph,
    _propagate,
    build_graph,
    propagate_slip,
)
from ger.analysis.schedule_reports import what_if
from ger.analysis.synthetic import synthetic_history, synthetic_portfolio


@pytest.fixture(scope="module")
def fleet():
    return synthetic_portfolio(1500, 12, seed=3)


@pytest.fixture(scope="module")
def report(fleet):
    history = synthetic_history(fleet)
    calibration = calibrate(
        history.records, history.fleet, history.dependencies, history.as_of
    )
    return forecast_risk(fleet, calibration, trials=500, seed=0)


def full_pass(graph: ScheduleGraph, moves: dict[str, float]) -> list[Shift]:
    """Return the shifts a pass over every mission finds (the reference answer)."""
    own = list(graph.start)
    moved = set()
    for slug, months in moves.items():
        node = graph.node(slug)
        own[node] = graph.earliest[node] + months
        moved.add(node)
    earliest, binding = _propagate(graph.order, graph.upstream, own, graph.fixed)
    return [
        Shift(
            slug=graph.items[node].slug,
            name=graph.items[node].name,
            window=graph.items[node].window.label if graph.items[node].window else "",
            before=graph.earliest[node],
            after=earliest[node],
            moved_directly=node in moved,
            via=None if binding[node] < 0 else graph.items[binding[node]].slug,
            within_window=graph.end[node] == NO_DATE
            or earliest[node] < graph.end[node],
        )
        for node in graph.order
        if abs(earliest[node] - graph.earliest[node]) >= 1e-9 and graph.dated(node)
    ]


def movable(graph: ScheduleGraph) -> list[str]:
    return [
        item.slug
        for node, item in enumerate(graph.items)
        if not graph.fixed[node] and graph.dated(node)
    ]


def test_a_slip_moves_the_same_missions_as_a_pass_over_the_whole_plan(fleet):
    graph = build_graph(fleet)
    packed = pickle.loads(pickle.dumps(SlipGraph.of(graph)))
    chooser = random.Random(1)
    knock_ons = 0
    for slug in chooser.sample(movable(graph), 150):
        months = chooser.choice((12.0, -6.0, 3.5))
        expected = full_pass(graph, {slug: months})
        assert propagate_slip(graph, {slug: months}) == expected
        assert propagate_slip(packed, {slug: months}) == expected
        knock_ons += len(expected) > 1
    assert knock_ons > 10  # the sample reaches downstream missions
    several = dict.fromkeys(chooser.sample(movable(graph), 25), 9.0)
    assert propagate_slip(packed, several) == full_pass(graph, several)


def test_each_outlook_equals_the_full_forecast_and_what_if(fleet, report):
    graph = build_graph(fleet)
    basis = pickle.loads(pickle.dumps(outlook_basis(SlipGraph.of(graph), report)))
    forecasts = {row.slug: row for row in report.missions}
    for item in fleet.items[::7]:
        outlook = basis.outlook(item.slug, 12)
        if item.has_flown or item.is_cancelled:
            assert outlook.forecast is None
            assert outlook.knock_on == ()
            continue
        assert outlook.forecast == forecasts.get(item.slug)
        if item.window is not None:
            shifts = what_if(fleet, {item.slug: 12}).shifts
            assert outlook.knock_on == tuple(s for s in shifts if not s.moved_directly)


def test_an_unknown_mission_has_no_outlook(fleet, report):
    basis = outlook_basis(SlipGraph.of(build_graph(fleet)), report)
    outlook = basis.outlook("no-such-mission", 12)
    assert (outlook.forecast, outlook.knock_on) == (None, ())


def test_without_a_calibration_outlooks_still_show_the_knock_on(fleet):
    graph = build_graph(fleet)
    basis = outlook_basis(SlipGraph.of(graph), None)
    moved = next(
        slug
        for slug in movable(graph)
        if len(propagate_slip(graph, {slug: 12})) > 1
        and graph.start[graph.node(slug)] != NO_DATE
    )
    outlook = basis.outlook(moved, 12)
    assert outlook.forecast is None
    assert outlook.knock_on


def test_the_basis_is_packed_small(fleet, report):
    basis = outlook_basis(SlipGraph.of(build_graph(fleet)), report)
    # Arrays and one text, not an object per mission or per link.
    assert len(pickle.dumps(basis)) < 250 * len(fleet.items)
