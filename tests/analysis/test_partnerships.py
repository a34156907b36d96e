"""Partnership opportunities: evidence, score, sentence and filters."""

from __future__ import annotations

import dataclasses

from ger.analysis.model import Dependency
from ger.analysis.partnerships import CAP, WEIGHTS, partnership_opportunities
from tests.analysis.builders import item, portfolio


def plan(**fields):
    return portfolio(
        item(
            "lupex",
            "2028",
            lead="JAXA",
            partners=("ISRO",),
            destination="lunar-south-pole",
            provides=("water_ice_prospecting",),
            name="LUPEX",
        ),
        item(
            "chandrayaan-4",
            "2028",
            lead="ISRO",
            destination="lunar-south-pole",
            provides=("water_ice_prospecting", "sample_return"),
            name="Chandrayaan-4",
        ),
        item(
            "relay",
            "2027",
            lead="ESA",
            provides=("relay_communications",),
            name="Relay",
        ),
        item(
            "rover",
            "2029",
            lead="CSA",
            destination="lunar-south-pole",
            needs=("relay_communications",),
            name="Rover",
        ),
        item(
            "lander",
            "2029",
            lead="CSA",
            destination="lunar-surface",
            objectives=("O1",),
            name="Lander",
        ),
        item(
            "hab",
            "2030",
            lead="NASA",
            destination="lunar-surface",
            objectives=("O1*",),
            name="Hab",
        ),
        item(
            "old",
            None,
            launched="2019-01-01",
            lead="CNSA",
            destination="lunar-south-pole",
            name="Old",
        ),
        objectives=("O1",),
        capability_names={"water_ice_prospecting": "water-ice prospecting"},
        destination_names={"lunar-south-pole": "the south polar region"},
        **fields,
    )


def by_pair(report):
    return {tuple(sorted(o.agencies)): o for o in report.opportunities}


def test_same_destination_in_the_same_year_with_an_existing_partnership_reads_as_a_sentence():
    found = by_pair(partnership_opportunities(plan()))[("ISRO", "JAXA")]
    assert found.counts == {"destination": 1, "partnership": 1}
    assert found.score == WEIGHTS["destination"] + WEIGHTS["partnership"]
    assert found.explanation == (
        "ISRO and JAXA both plan missions to the south polar region in 2028 "
        "(Chandrayaan-4; LUPEX), both providing water-ice prospecting; "
        "they already partner on LUPEX."
    )


def test_one_agency_providing_what_another_needs_is_a_complement():
    found = by_pair(partnership_opportunities(plan()))[("CSA", "ESA")]
    assert found.counts == {"complement": 1}
    assert (
        "ESA's Relay provides relay communications, which CSA's Rover needs"
        in found.explanation
    )


def test_a_provider_flying_after_the_need_is_over_is_no_complement():
    late_relay = dataclasses.replace(
        plan().by_slug["relay"], planned=plan().by_slug["hab"].planned
    )
    items = tuple(late_relay if i.slug == "relay" else i for i in plan().items)
    found = by_pair(partnership_opportunities(dataclasses.replace(plan(), items=items)))
    assert ("CSA", "ESA") not in found


def test_shared_objectives_are_marked_when_the_link_is_editorial():
    found = by_pair(partnership_opportunities(plan()))[("CSA", "NASA")]
    assert found.counts == {"objective": 1}
    assert (
        "both address O1 Objective O1 (Lander; Hab) — an editorial link"
        in found.explanation
    )


def test_one_agency_enabling_another_is_evidence():
    linked = dataclasses.replace(
        plan(), dependencies=(Dependency("relay", "lander", "relay_communications"),)
    )
    found = by_pair(partnership_opportunities(linked))[("CSA", "ESA")]
    assert found.counts == {"complement": 1, "dependency": 1}
    assert (
        "ESA's Relay enables CSA's Lander (relay communications)" in found.explanation
    )


def test_missions_flown_years_ago_are_no_opportunity():
    pairs = by_pair(partnership_opportunities(plan()))
    assert not any("CNSA" in pair for pair in pairs)


def test_the_filter_keeps_the_pairs_of_one_agency_with_it_first():
    report = partnership_opportunities(plan(), agency="CSA")
    # CSA's south-pole rover flies in 2029, a year after LUPEX and Chandrayaan-4.
    assert [o.agencies for o in report.opportunities] == [
        ("CSA", "ESA"),
        ("CSA", "NASA"),
    ]
    assert all(o.agencies[0] == "CSA" for o in report.opportunities)


def test_only_members_are_paired_when_the_portfolio_names_them():
    report = partnership_opportunities(
        plan(members=frozenset({"ISRO", "JAXA", "NASA"}))
    )
    assert [o.agencies for o in report.opportunities] == [("ISRO", "JAXA")]
    everyone = partnership_opportunities(
        plan(members=frozenset({"ISRO"})), members_only=False
    )
    assert len(everyone.opportunities) > 1


def test_at_most_cap_items_of_a_kind_count_toward_the_score():
    joint = [
        item(f"joint-{n}", "2020", lead="ESA", partners=("NASA",))
        for n in range(CAP + 3)
    ]
    found = partnership_opportunities(portfolio(*joint)).opportunities[0]
    assert found.counts["partnership"] == CAP + 3
    assert found.score == CAP * WEIGHTS["partnership"]


def test_ranking_is_by_score_then_names():
    scores = [o.score for o in partnership_opportunities(plan()).opportunities]
    assert scores == sorted(scores, reverse=True)
