"""The timeline chart's layout: where each bar goes, at any number of missions."""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from pathlib import Path

import pytest
from django.utils import translation

from ger.charts.timeline import ROW_HEIGHT, TimelineItem, render_timeline

TODAY = dt.date(2026, 11, 26)
# Drawn by the quadratic layout this module replaced (commit 3a14e93), then drawn
# again when labels were measured from the font (issue 16): the layout must keep
# drawing byte for byte the same chart.
GOLDEN = Path(__file__).with_name("timeline_overlaps.svg")
_SHAPE = re.compile(
    r'<a href="/m/([^"]+)/"[^>]*><title>[^<]*</title><(?:rect|path) (?:x="[\d.]+" y="(\d+)"|d="M[\d.]+ (\d+))'
)


@pytest.fixture(autouse=True)
def english():
    # The chart's words are translated: pin the language a page test may leave set.
    with translation.override("en"):
        yield


def item(
    slug: str,
    start: dt.date | None,
    end: dt.date | None = None,
    lane: str = "Moon",
    name: str | None = None,
) -> TimelineItem:
    return TimelineItem(
        slug=slug,
        name=name or slug,
        url=f"/m/{slug}/",
        lane=lane,
        start=start,
        end=end or start,
        date_label="planned",
        crewed=False,
        status="planned",
        status_label="planned",
    )


def rows(svg: str) -> dict[str, int]:
    """Return each mission's row in its lane, read from the drawn shapes."""
    found: dict[str, int] = {}
    for slug, rect_y, diamond_y in _SHAPE.findall(svg):
        # A bar's top is 5 below its row; a diamond's centre is 11 below.
        y = int(rect_y) - 5 if rect_y else int(diamond_y) - 11
        found[slug] = (y - 34) // ROW_HEIGHT
    return found


def overlapping_items(count: int, seed: int) -> list[TimelineItem]:
    """Return ``count`` missions crowded into 2020-2040 in three lanes, some undated."""
    chance = random.Random(seed)
    items = []
    for number in range(count):
        lane = chance.choice(["Moon", "Mars", "Low Earth orbit"])
        name = f"Mission {number}" + " extended" * chance.randrange(3)
        if chance.random() < 0.05:
            items.append(item(f"m{number}", None, lane=lane, name=name))
            continue
        start = dt.date(2020, 1, 1) + dt.timedelta(days=chance.randrange(7300))
        length = chance.choice([0, 0, 30, 91, 364])
        items.append(
            item(f"m{number}", start, start + dt.timedelta(days=length), lane, name)
        )
    return items


def test_a_mission_that_overlaps_a_label_goes_to_the_lowest_free_row():
    svg = render_timeline(
        [
            item("first", dt.date(2030, 1, 1), dt.date(2030, 12, 31)),
            # Starts under the first bar's label: a second row.
            item("second", dt.date(2030, 6, 1)),
            # Starts under both labels: a third row.
            item("third", dt.date(2030, 7, 1)),
            # Starts after the first label ends: back to the first row.
            item("fourth", dt.date(2036, 1, 1)),
            # Undated missions stack in their own column, right of the axis.
            item("undated-a", None),
            item("undated-b", None),
        ],
        ["Moon"],
        TODAY,
    )
    assert rows(svg) == {
        "first": 0,
        "second": 1,
        "third": 2,
        "fourth": 0,
        "undated-a": 0,
        "undated-b": 1,
    }


def test_missions_in_other_lanes_do_not_push_each_other_down():
    svg = render_timeline(
        [
            item("moon", dt.date(2030, 1, 1), lane="Moon"),
            item("mars", dt.date(2030, 1, 1), lane="Mars"),
        ],
        ["Moon", "Mars"],
        TODAY,
    )
    # The Mars lane starts one row and a gap below the Moon lane's single row.
    assert rows(svg) == {"moon": 0, "mars": 1}


def test_crowded_lanes_are_drawn_exactly_as_the_scan_of_every_bar_drew_them():
    svg = render_timeline(overlapping_items(300, seed=7), [], TODAY)
    assert svg == GOLDEN.read_text(encoding="utf-8")


def test_thousands_of_overlapping_missions_are_laid_out_quickly():
    items = overlapping_items(5000, seed=11)
    started = time.perf_counter()
    svg = render_timeline(items, [], TODAY)
    # The scan of every placed bar took about 40 s here; the layout takes well
    # under a second. The bound only catches a return to quadratic time.
    assert time.perf_counter() - started < 10
    assert svg.count("<a href=") == 5000
