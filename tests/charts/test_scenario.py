"""The mission scenario infographic, the cover artwork and the bar charts."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from ger.charts.bars import Bar, Part, render_bars
from ger.charts.scenario import (
    OTHER_COLOUR,
    PALETTE,
    ScenarioMission,
    agency_colours,
    body_of,
    render_cover_art,
    render_scenario,
)
from tests.text_boxes import describe, overlaps, svg_pages

LANES = [
    "Low Earth orbit",
    "Near-rectilinear halo orbit (NRHO)",
    "Lunar south polar region",
    "Mars surface",
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def missions() -> list[ScenarioMission]:
    found = []
    for number in range(40):
        lane = LANES[number % len(LANES)]
        found.append(
            ScenarioMission(
                name=f"Mission {number}",
                lane=lane,
                year=None if number % 9 == 0 else 2022 + number % 9,
                lead=f"A{number % 14}",
                crewed=number % 5 == 0,
                body={"Low Earth orbit": "earth", "Mars surface": "mars"}.get(
                    lane, "moon"
                ),
            )
        )
    return found


def test_every_mission_is_one_mark_crewed_ones_triangles(tmp_path):
    drawn = missions()
    svg = render_scenario(drawn, LANES, "As of October 2022")
    marks = re.findall(r"<g><title>([^<]*)</title><(path|circle)", svg)
    assert len(marks) == len(drawn)
    crewed = [title for title, shape in marks if shape == "path"]
    assert len(crewed) == sum(1 for m in drawn if m.crewed)
    assert all("crewed" in title for title in crewed)
    # Lanes from low Earth orbit out to Mars, in the order given; the date shown.
    words = [
        w.text for page in svg_pages(svg, tmp_path, "scenario") for w in page.words
    ]
    assert words.index("Low") < words.index("Mars")
    assert "October" in words
    assert "date" in words  # the column of missions with no date
    pages = svg_pages(svg, tmp_path, "scenario-2")
    found = [pair for page in pages for pair in overlaps(page.words)]
    assert not found, describe(found)


def test_agencies_beyond_the_palette_share_one_colour_named_in_the_legend():
    colours = agency_colours(missions())
    assert len(colours) == 14
    assert sorted(colours.values()).count(OTHER_COLOUR) == 14 - len(PALETTE)
    svg = render_scenario(missions(), LANES, "")
    assert "other agencies" in svg
    # The same missions always get the same colours.
    assert agency_colours(list(reversed(missions()))) == colours


def test_the_cover_art_draws_each_mission_around_its_body_and_holds_no_text():
    drawn = missions()
    svg = render_cover_art(drawn, LANES)
    assert "<text" not in svg
    assert "<image" not in svg  # generated, no third-party picture
    marks = re.findall(
        r'<(?:path d="M|circle cx=")[\d.]+[ "][^>]*stroke-width="1.8"|<path d="M[^"]*Z" fill="#',
        svg,
    )
    assert len(marks) == len(drawn)
    assert render_cover_art(drawn, LANES) == svg


def test_destinations_belong_to_the_body_the_cover_draws_them_around():
    assert body_of("leo") == "earth"
    assert body_of("nrho") == "moon"
    assert body_of("lunar-south-pole") == "moon"
    assert body_of("mars-surface") == "mars"
    assert body_of("phobos") == "mars"
    assert body_of("near-earth-asteroids") == "mars"


def test_bar_labels_wrap_and_never_overlap(tmp_path):
    bars = [
        Bar(
            "G4 · Perform Science to Support Human Exploration and more words",
            (Part(3, "#1f5fa8", "a"), Part(2, "#c0392b", "b")),
        ),
        Bar(
            "G5 · Develop Exploration Technologies and Capabilities",
            (Part(0, "#1f5fa8", "a"),),
        ),
        Bar("Short", (Part(12, "#1f5fa8", "a"),)),
    ]
    svg = render_bars(
        bars, "t", "d", legend=[("#1f5fa8", "addressed"), ("#c0392b", "gap")]
    )
    words = [w for page in svg_pages(svg, tmp_path, "bars") for w in page.words]
    assert not overlaps(words), describe(overlaps(words))
    assert {"12", "5", "0"} <= {w.text for w in words}


@pytest.mark.django_db
def test_a_published_edition_page_shows_its_scenario(client, seeded):
    page = client.get("/editions/2022-supplement-e1/").content.decode()
    assert 'class="chart scenario"' in page
    assert "As of October 2022" in page
    draft = client.get("/editions/current/")
    assert 'class="chart scenario"' not in draft.content.decode()
