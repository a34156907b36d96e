"""Landing-site distances on the Moon and the close pairs flagged for coordination."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from ger.analysis.proximity import landing_site_proximity
from ger.analysis.site_search import MOON_RADIUS_KM, close_pairs, great_circle_km
from tests.analysis.builders import item, portfolio


def test_a_quarter_of_a_great_circle_is_a_quarter_of_the_circumference():
    assert great_circle_km(0, 0, 0, 90) == pytest.approx(math.pi * MOON_RADIUS_KM / 2)
    assert great_circle_km(-90, 0, 0, 45) == pytest.approx(2729.1, abs=0.1)


def test_antipodes_are_half_a_circumference_apart():
    assert great_circle_km(10, 20, -10, -160) == pytest.approx(5458.2, abs=0.1)


def test_one_degree_of_latitude_is_about_30_km():
    assert great_circle_km(-89, 0, -90, 0) == pytest.approx(30.32, abs=0.01)


def test_longitude_matters_little_near_the_pole():
    # Two points 1 km from the pole on opposite meridians are 2 km apart.
    degrees = math.degrees(1 / MOON_RADIUS_KM)
    assert great_circle_km(-90 + degrees, 0, -90 + degrees, 180) == pytest.approx(
        2.0, abs=1e-6
    )


def test_chandrayaan_2_and_3_landing_points_are_about_108_km_apart():
    # Selenographic points of the bundled data; checked against an independent haversine.
    distance = great_circle_km(-70.881, 22.784, -69.373, 32.319)
    phi1, phi2 = math.radians(-70.881), math.radians(-69.373)
    expected = MOON_RADIUS_KM * math.acos(
        math.sin(phi1) * math.sin(phi2)
        + math.cos(phi1) * math.cos(phi2) * math.cos(math.radians(32.319 - 22.784))
    )
    assert distance == pytest.approx(expected, rel=1e-9)
    assert distance == pytest.approx(108.25, abs=0.01)


def test_close_pairs_finds_exactly_the_pairs_under_the_threshold():
    rng = np.random.default_rng(3)
    latitudes = rng.uniform(-90, -80, 300)
    longitudes = rng.uniform(-180, 180, 300)
    nan = np.full(300, np.nan)
    found = close_pairs(latitudes, longitudes, nan, nan, 50.0, limit=100_000)
    brute = {
        (i, j)
        for i in range(300)
        for j in range(i + 1, 300)
        if great_circle_km(latitudes[i], longitudes[i], latitudes[j], longitudes[j])
        <= 50
    }
    assert {(a, b) for a, b, _d, _o in found.pairs} == brute
    assert found.close == len(brute)


def test_pairs_are_flagged_only_when_their_periods_overlap():
    report = landing_site_proximity(
        portfolio(
            item("first", "2027", destination="lunar-south-pole", site=(-89.0, 0.0)),
            item(
                "second", "2027-06", destination="lunar-south-pole", site=(-89.5, 90.0)
            ),
            item("later", "2035", destination="lunar-south-pole", site=(-89.2, 45.0)),
            item("far", "2027", destination="lunar-south-pole", site=(-70.0, 0.0)),
        )
    )
    pairs = {(pair.first.slug, pair.second.slug): pair for pair in report.pairs}
    assert set(pairs) == {("first", "second"), ("first", "later"), ("second", "later")}
    assert pairs[("first", "second")].overlapping is True
    assert pairs[("first", "later")].overlapping is False
    assert report.flagged_count == 1
    assert report.table().rows[0][:2] == ("first", "second")


def test_the_threshold_is_configurable():
    sites = portfolio(
        item("a", "2027", destination="lunar-south-pole", site=(-85.0, 0.0)),
        item("b", "2027", destination="lunar-south-pole", site=(-81.0, 0.0)),
    )
    # Four degrees of latitude: about 121 km.
    assert landing_site_proximity(sites).pairs == ()
    assert len(landing_site_proximity(sites, threshold_km=130).pairs) == 1


def test_the_south_pole_map_places_the_pole_at_the_centre():
    report = landing_site_proximity(
        portfolio(
            item("pole", "2027", destination="lunar-south-pole", site=(-90.0, 0.0)),
            item("north", "2027", destination="lunar-surface", site=(40.0, 0.0)),
        )
    )
    points = report.south_pole_map(size=400)
    assert [(p["slug"], p["x"], p["y"]) for p in points] == [("pole", 200.0, 200.0)]


def test_a_rover_and_its_lander_are_one_site_not_a_warning():
    from ger.analysis.model import Dependency

    lander = item("lander", None, launched="2027-03-01", site=(-85.0, 30.0))
    rover = item("rover", None, launched="2027-03-01", site=(-85.0, 30.0))
    other = item("other", None, launched="2027-05-01", site=(-85.2, 31.0))
    second = item("second-payload", None, launched="2027-03-01", site=(-85.0, 30.01))
    links = (
        Dependency("lander", "rover", "hardware_element"),
        Dependency("lander", "second-payload", "hardware_element"),
    )
    plan = dataclasses.replace(
        portfolio(lander, rover, other, second), dependencies=links
    )
    report = landing_site_proximity(plan)
    by_pair = {frozenset((p.first.slug, p.second.slug)): p for p in report.pairs}
    carried = by_pair[frozenset(("lander", "rover"))]
    assert carried.one_site == "hardware_element"
    assert not carried.flagged
    assert "One site" in carried.reason
    # Two payloads of one lander: one site through the lander.
    assert by_pair[frozenset(("rover", "second-payload"))].one_site == "same_carrier"
    warning = by_pair[frozenset(("lander", "other"))]
    assert warning.flagged
    assert (
        f"{warning.distance_km:.0f} km apart and both on the surface from 2027-05"
        in (warning.reason)
    )
    assert report.flagged_count == 3  # other with lander, rover and second payload
    assert report.pairs[0].flagged


def test_hakuto_r_and_rashid_are_one_site_in_the_bundled_data(seeded):
    from ger.analysis import services

    report = services.proximity()
    pair = next(
        p
        for p in report.pairs
        if {p.first.slug, p.second.slug} == {"hakuto-r-m1", "rashid"}
    )
    assert pair.one_site == "hardware_element"
    assert not pair.flagged
    assert all(
        {p.first.slug, p.second.slug} != {"hakuto-r-m1", "rashid"}
        for p in report.flagged
    )
