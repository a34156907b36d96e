"""Objective coverage: who addresses each objective, gaps, overlaps."""

from __future__ import annotations

import dataclasses

import pytest

from ger.analysis.coverage import objective_coverage
from tests.analysis.builders import item, portfolio


def plan():
    return portfolio(
        item("lander", "2028", lead="JAXA", objectives=("O1",), partners=("ISRO",)),
        item("rover", "2028-Q2", lead="ESA", objectives=("O1", "O2*")),
        item("late", "2035", lead="CNSA", objectives=("O3",)),
        item("dropped", "2027", lead="NASA", objectives=("O4",), status="cancelled"),
        objectives=("O1", "O2", "O3", "O4", "O5"),
    )


def test_it_lists_the_missions_and_agencies_of_each_objective():
    report = objective_coverage(plan())
    rows = {row.code: row for row in report.objectives}
    assert [link.slug for link in rows["O1"].contributions] == ["lander", "rover"]
    assert rows["O1"].agencies == ("ESA", "ISRO", "JAXA")
    assert rows["O1"].first_year == 2028


def test_objectives_without_a_mission_are_gaps_and_cancelled_missions_do_not_count():
    report = objective_coverage(plan())
    assert [row.code for row in report.gaps] == ["O4", "O5"]


def test_objectives_first_addressed_after_the_year_given_are_gaps_too():
    report = objective_coverage(plan(), before_year=2030)
    assert [row.code for row in report.gaps] == ["O3", "O4", "O5"]
    assert next(row for row in report.objectives if row.code == "O3").late


def test_agencies_with_different_missions_in_the_same_year_overlap():
    report = objective_coverage(plan())
    o1 = next(row for row in report.objectives if row.code == "O1")
    assert [(o.year, o.agencies) for o in o1.overlaps] == [
        (2028, ("ESA", "ISRO", "JAXA"))
    ]
    assert [row.code for row in report.overlapping] == ["O1"]


def test_one_joint_mission_is_not_an_overlap():
    report = objective_coverage(
        portfolio(
            item("joint", "2028", objectives=("O1",), partners=("ESA",)),
            objectives=("O1",),
        )
    )
    assert report.objectives[0].overlaps == ()


def test_editorial_links_are_counted_and_marked():
    report = objective_coverage(plan())
    assert (report.stated_links, report.editorial_links) == (3, 1)
    o2 = next(row for row in report.objectives if row.code == "O2")
    assert o2.editorial_only is True
    assert report.as_dict()["links"] == {"stated": 3, "editorial": 1}


def test_a_gap_is_not_planned_only_when_every_missions_objectives_are_recorded():
    report = objective_coverage(plan())
    # Every active mission has a link: the record is complete, the gaps are real.
    assert report.record_complete
    assert {row.code: row.gap_kind for row in report.gaps} == {
        "O4": "not planned",
        "O5": "not planned",
    }
    silent = item("silent", "2029", lead="KARI")
    thin = portfolio(*plan().items, silent, objectives=("O1", "O2", "O3", "O4", "O5"))
    report = objective_coverage(thin)
    assert not report.record_complete
    assert {row.gap_kind for row in report.gaps} == {"not recorded"}
    assert report.as_dict()["record"] == {
        "missions": 4,
        "with_an_objective_link": 3,
        "share_with_an_objective_link": 0.75,
        "with_objectives_recorded": 3,
        "complete": False,
    }
    # A mission whose record states that it serves none completes the record.
    stated_none = dataclasses.replace(silent, objectives_recorded=True)
    complete = portfolio(
        *plan().items, stated_none, objectives=("O1", "O2", "O3", "O4", "O5")
    )
    assert objective_coverage(complete).record_complete


@pytest.mark.django_db
def test_the_bundled_coverage_says_the_gaps_are_in_our_record(client, seeded):
    data = client.get("/analysis/coverage/?format=json").json()
    assert data["record"]["complete"] is False
    assert 0 < data["record"]["with_an_objective_link"] < data["record"]["missions"]
    assert {row["gap_kind"] for row in data["objectives"] if row["gap"]} == {
        "not recorded"
    }
    body = client.get("/analysis/coverage/").content.decode()
    assert "gap: no link recorded" in body
    assert "missions have at least one recorded objective link" in body
