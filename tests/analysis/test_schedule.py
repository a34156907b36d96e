"""The schedule graph on small hand-made graphs whose answers are known."""

from __future__ import annotations

import pytest

from ger.analysis.critical_path import critical_chain, float_to
from ger.analysis.months import month_label
from ger.analysis.schedule import (
    CycleError,
    ScheduleError,
    build_graph,
    propagate_slip,
)
from ger.analysis.schedule_reports import parse_moves, schedule_report, what_if
from tests.analysis.builders import item, portfolio


def chain_portfolio():
    # a (2026-01) -> b (2026-06, lag 3) -> d (2027-01, lag 2)
    # c (2026-03) -> d (lag 1): d's binding upstream is b (2026-06 + 2 > 2026-03 + 1).
    return portfolio(
        item("a", "2026-01"),
        item("b", "2026-06"),
        item("c", "2026-03"),
        item("d", "2027-01"),
        links=(("a", "b", 3), ("b", "d", 2), ("c", "d", 1)),
    )


def test_it_orders_missions_upstream_first():
    graph = build_graph(chain_portfolio())
    order = [graph.items[node].slug for node in graph.order]
    assert order.index("a") < order.index("b") < order.index("d")
    assert order.index("c") < order.index("d")


def test_it_refuses_a_cycle_and_names_it():
    cyclic = portfolio(
        item("a"),
        item("b"),
        item("c"),
        item("free"),
        links=(("a", "b", 0), ("b", "c", 0), ("c", "a", 0)),
    )
    with pytest.raises(CycleError) as raised:
        build_graph(cyclic)
    assert raised.value.cycle == ["a", "b", "c", "a"]
    assert "a → b → c → a" in str(raised.value)


def test_the_critical_path_follows_the_tightest_links():
    graph = build_graph(chain_portfolio())
    chain = [graph.items[node].slug for node in critical_chain(graph, graph.node("d"))]
    assert chain == ["a", "b", "d"]


def test_float_is_the_slack_summed_along_the_tightest_path():
    graph = build_graph(chain_portfolio())
    floats = {row.slug: row.float_months for row in float_to(graph, graph.node("d"))}
    # b: d - (b + 2) = 2027-01 - 2026-08 = 5 months; a: b - (a + 3) = 2 months, plus 5.
    assert floats["b"] == pytest.approx(5.0)
    assert floats["a"] == pytest.approx(7.0)
    # c: 2027-01 - (2026-03 + 1) = 9 months.
    assert floats["c"] == pytest.approx(9.0)


def test_a_slip_propagates_through_lags_by_the_amount_that_exceeds_the_slack():
    graph = build_graph(chain_portfolio())
    shifts = {shift.slug: shift for shift in propagate_slip(graph, {"a": 4})}
    # a moves 4 months; b needs a + 3 = 2026-08, 2 months after its own plan.
    assert shifts["a"].months == pytest.approx(4.0)
    assert shifts["b"].months == pytest.approx(2.0)
    assert shifts["b"].via == "a"
    # d had 5 months of slack after b; 2 more months of b leave 3: d does not move.
    assert "d" not in shifts


def test_a_larger_slip_reaches_the_end_of_the_chain():
    graph = build_graph(chain_portfolio())
    shifts = {shift.slug: shift for shift in propagate_slip(graph, {"a": 12})}
    # b: a + 12 + 3 = 2027-04 (10 months later); d: b + 2 = 2027-06 (5 months later).
    assert shifts["b"].months == pytest.approx(10.0)
    assert shifts["d"].months == pytest.approx(5.0)
    assert month_label(shifts["d"].after) == "2027-06"
    assert shifts["d"].within_window is False
    assert "c" not in shifts


def test_moving_two_missions_at_once_combines_their_effects():
    graph = build_graph(chain_portfolio())
    shifts = {shift.slug: shift for shift in propagate_slip(graph, {"a": 1, "c": 12})}
    # c + 12 + 1 = 2027-04: d moves 3 months because of c, not b.
    assert shifts["d"].months == pytest.approx(3.0)
    assert shifts["d"].via == "c"


def test_a_launched_mission_never_moves():
    launched = portfolio(
        item("done", None, launched="2024-05-01"),
        item("next", "2027"),
        links=(("done", "next", 0),),
    )
    graph = build_graph(launched)
    with pytest.raises(ScheduleError, match="already launched"):
        propagate_slip(graph, {"done": 6})


def test_an_unknown_mission_is_refused():
    with pytest.raises(ScheduleError, match="unknown mission"):
        propagate_slip(build_graph(chain_portfolio()), {"nope": 3})


def test_a_year_plan_is_placed_at_its_start_and_keeps_its_window():
    graph = build_graph(
        portfolio(item("a", "2027"), item("b", "2027"), links=(("a", "b", 6),))
    )
    shifts = {shift.slug: shift for shift in propagate_slip(graph, {"a": 3})}
    # b already waited for a + 6 (2027-07); a 3-month slip moves it to 2027-10, still in 2027.
    assert month_label(shifts["b"].after) == "2027-10"
    assert shifts["b"].within_window is True


def test_an_undated_mission_takes_the_date_its_upstream_implies():
    graph = build_graph(
        portfolio(item("a", "2027-03"), item("b", None), links=(("a", "b", 2),))
    )
    assert month_label(graph.earliest[graph.node("b")]) == "2027-05"


def test_the_report_names_the_first_crewed_landing_and_its_chain():
    report = schedule_report(
        portfolio(
            item("relay", "2027-06"),
            item("lander", "2028", crewed=True, destination="lunar-south-pole"),
            item("flyby", "2026", crewed=True, destination="lunar-orbit"),
            links=(("relay", "lander", 3),),
        )
    )
    assert report.target is not None
    assert report.target.slug == "lander"
    assert [link.slug for link in report.chain] == ["relay", "lander"]
    assert report.table().rows[0][0] == "relay"


def test_the_what_if_report_lists_what_moves():
    report = what_if(chain_portfolio(), parse_moves(["a=+12"]))
    rows = {row["slug"]: row for row in report.as_dict()["shifts"]}
    assert rows["d"]["before"] == "2027-01"
    assert rows["d"]["after"] == "2027-06"


def test_moves_are_parsed_from_slug_and_signed_months():
    assert parse_moves(["a=+12, b=-3", "a=2"]) == {"a": 14.0, "b": -3.0}
    with pytest.raises(ScheduleError, match="SLUG=\\+N"):
        parse_moves(["a+12"])
