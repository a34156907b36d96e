"""Labels never collide: every text box of the drawn timeline and polar map, measured.

The charts are drawn into a PDF by WeasyPrint and every word's box is read back with
``pdftotext -bbox-layout`` (tests/text_boxes.py); any two boxes of different lines
that overlap fail the test.
"""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from django.utils import translation

from ger.charts.polar_map import Site, map_limit, render_south_pole
from ger.charts.timeline import TimelineItem, render_timeline
from tests.text_boxes import describe, overlaps, svg_pages

TODAY = dt.date(2022, 12, 31)
# The bundled data's lunar sites with coordinates (src/ger/data/missions.yaml).
BUNDLED_SITES = [
    ("Chang'e 7", -89.67, 129.78, "reference"),
    ("VIPER", -85.2752, 53.2725, "reference"),
    ("IM-1 (Odysseus)", -80.13, 1.44, "actual"),
    ("Chandrayaan-2", -70.881, 22.784, "actual"),
    ("Chandrayaan-3", -69.373, 32.319, "actual"),
    ("Luna 25", -57.865, 61.36, "actual"),
    ("Chang'e 4", -45.4446, 177.5991, "actual"),
    ("Chang'e 6", -41.6385, -153.9852, "actual"),
    ("SLIM", -13.316, 25.251, "actual"),
    ("Blue Ghost Mission 1", 18.56, 61.81, "actual"),
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def site(name: str, latitude: float, longitude: float, kind: str = "actual") -> Site:
    return Site(name, f"/m/{len(name)}/", latitude, longitude, kind, kind, False)


def item(name: str, start: dt.date | None, lane: str, days: int = 0) -> TimelineItem:
    return TimelineItem(
        slug=name,
        name=name,
        url="/m/",
        lane=lane,
        start=start,
        end=start + dt.timedelta(days=days) if start else None,
        date_label="planned",
        crewed=False,
        status="planned",
        status_label="planned",
        open_ended=days > 300,
    )


def assert_no_overlap(svg: str, tmp_path, name: str) -> list[str]:
    pages = svg_pages(svg, tmp_path, name)
    words = [word for page in pages for word in page.words]
    assert words, "no text measured"
    assert not overlaps(words), "\n".join(describe(overlaps(words)))
    return [word.text for word in words]


def test_the_measure_finds_two_labels_drawn_on_top_of_each_other(tmp_path):
    # The check itself: two texts at one place are an overlap.
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">'
        '<text x="10" y="30" font-size="12">Chandrayaan-2</text>'
        '<text x="14" y="34" font-size="12">Chandrayaan-3</text></svg>'
    )
    words = [w for page in svg_pages(svg, tmp_path, "clash") for w in page.words]
    assert len(overlaps(words)) == 1


def test_a_long_lane_name_wraps_instead_of_running_into_the_first_mission(tmp_path):
    lane = "Near-rectilinear halo orbit (NRHO)"
    svg = render_timeline(
        [
            item("CAPSTONE", dt.date(2022, 6, 28), lane),
            item("Gateway PPE + HALO", dt.date(2025, 1, 1), lane, 364),
            item("Artemis III", dt.date(2025, 9, 1), "Low Earth orbit", 30),
        ],
        [lane, "Low Earth orbit"],
        dt.date(2022, 12, 31),
    )
    words = assert_no_overlap(svg, tmp_path, "nrho")
    for word in ("Near-rectilinear", "(NRHO)", "CAPSTONE"):
        assert word in words


def test_a_crowded_timeline_has_no_two_labels_on_top_of_each_other(tmp_path):
    chance = random.Random(5)
    lanes = ["Lunar south pole region", "Mars surface", "Low Earth orbit"]
    items = []
    for number in range(120):
        start = dt.date(2015, 1, 1) + dt.timedelta(days=chance.randrange(6000))
        name = f"Mission {number}" + " Pathfinder" * chance.randrange(3)
        undated = chance.random() < 0.1
        items.append(
            item(
                name,
                None if undated else start,
                chance.choice(lanes),
                chance.choice([0, 90, 364, 700]),
            )
        )
    svg = render_timeline(items, lanes, TODAY)
    words = assert_no_overlap(svg, tmp_path, "crowded")
    assert "Pathfinder" in words
    # The last labels run past the axis: the chart grows to hold them.
    width = int(re.search(r'width="(\d+)"', svg).group(1))
    assert width >= 1100


def test_the_polar_map_shows_every_southern_site_of_its_table_with_no_overlap(tmp_path):
    sites = [site(*row) for row in BUNDLED_SITES]
    svg = render_south_pole(sites)
    words = " ".join(assert_no_overlap(svg, tmp_path, "bundled"))
    for name, latitude, *_ in BUNDLED_SITES:
        if latitude < 0:
            assert name in svg
        else:
            assert name not in svg  # the northern hemisphere is not on a polar map
    assert "Luna 25" in words
    # Scaled to its sites: the edge is the ring beyond the northernmost (SLIM, 13°S).
    assert map_limit([s for s in sites if s.latitude < 0]) == -10.0


def test_the_polar_map_is_scaled_to_the_sites_it_shows():
    assert map_limit([site("A", -57.865, 61.0)]) == -50.0
    assert map_limit([site("A", -89.0, 0.0)]) == -70.0
    assert map_limit([site("A", -60.0, 0.0)]) == -50.0
    near_pole = render_south_pole([site("Luna 25", -57.865, 61.36)])
    # The edge ring is the 50°S circle; the rings inside it are labelled.
    assert ">50°S<" not in near_pole
    assert ">60°S<" in near_pole
    assert ">80°S<" in near_pole


def test_crowded_sites_get_leader_lines_or_numbers_never_overlapping_labels(tmp_path):
    chance = random.Random(3)
    sites = [
        site(f"Lander {number}", -85 - chance.random() * 4, chance.random() * 60)
        for number in range(40)
    ]
    svg = render_south_pole(sites)
    assert_no_overlap(svg, tmp_path, "crowded-map")
    # Every site is named on the map or in its numbered legend.
    for number in range(40):
        assert re.search(rf">(\d+: )?Lander {number}<", svg), number
    assert "<line" in svg
