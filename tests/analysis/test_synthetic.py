"""Synthetic portfolios: reproducible, plausible, and always a DAG."""

from __future__ import annotations

from ger.analysis.schedule import build_graph
from ger.analysis.synthetic import synthetic_portfolio


def test_the_same_seed_gives_the_same_portfolio():
    assert synthetic_portfolio(300, 8, seed=4) == synthetic_portfolio(300, 8, seed=4)
    assert synthetic_portfolio(300, 8, seed=4) != synthetic_portfolio(300, 8, seed=5)


def test_dependencies_point_from_earlier_planned_to_later_missions():
    portfolio = synthetic_portfolio(2000, 10, seed=1)
    position = {item.slug: n for n, item in enumerate(portfolio.items)}
    assert portfolio.dependencies
    assert all(
        position[d.upstream] < position[d.downstream] for d in portfolio.dependencies
    )
    graph = build_graph(portfolio)
    assert len(graph.order) == len(graph.items)


def test_the_data_has_what_every_analysis_reads():
    portfolio = synthetic_portfolio(2000, 10, seed=1)
    items = portfolio.items
    assert len(items) == 2000
    assert {item.lead for item in items} <= set(portfolio.agency_names)
    assert any(item.partners for item in items)
    assert any(item.objectives for item in items)
    assert any(item.needs for item in items)
    assert all(item.provides for item in items)
    sites = [item.site for item in items if item.site is not None]
    assert sites
    assert all(-90 <= s.latitude <= 90 and -180 <= s.longitude <= 180 for s in sites)
    assert any(item.launched for item in items)
    assert any(not item.has_flown for item in items)
