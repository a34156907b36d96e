"""The mission scenario infographic and the cover artwork, drawn from the missions.

The infographic is the roadmap's overview in the manner of the GER's scenario
figure: one lane per destination, from low Earth orbit out to Mars (the order of
the destination tree), one column per year, and in each cell a mark per mission
coloured by its lead agency: a triangle for a crewed mission, a circle for a
robotic one. Missions without a date sit in the last column. The edition's date
is printed in the corner.

The cover artwork is vector art of the Earth, Moon and Mars scenario: the three bodies
on a transfer arc, and around each the missions bound for it, one dot each in its
lead agency's colour. It holds no text; nothing in it comes from a third party.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ger.charts.metrics import FONT_FAMILY, fit, text_width, wrap
from ger.charts.svg import document, text

# Distinct colours for the agencies that lead the most missions; the rest share grey.
PALETTE = (
    "#1f5fa8",
    "#c0392b",
    "#1b7f5a",
    "#b07a00",
    "#6c3fa0",
    "#0f8b8d",
    "#d35400",
    "#7f8c1a",
    "#a61e6a",
    "#2c3e50",
    "#5d8aa8",
)
OTHER_COLOUR = "#9aa5b1"
LANE_WIDTH = 170
CELL = 11
LANE_PADDING = 6
UNDATED = "undated"
HEAD_SIZE = 10  # the column heads
LANE_LABEL_SIZE = 11
TOP = 50  # where the first lane starts, below the column heads


@dataclass(frozen=True)
class ScenarioMission:
    """A mission as the infographic and the cover draw it."""

    name: str
    lane: str
    year: int | None
    lead: str
    crewed: bool
    # Which body of the cover the mission goes to: "earth", "moon" or "mars"
    # (small bodies and beyond are drawn with Mars, the far end of the arc).
    body: str = "moon"


EARTH_DESTINATIONS = ("leo", "earth-orbit", "geo", "meo", "heo")
FAR_DESTINATIONS = ("mars", "phobos", "deimos", "asteroid", "comet", "small-bod")


def body_of(destination: str) -> str:
    """Return the body of the cover a destination belongs to (by its slug)."""
    if destination in EARTH_DESTINATIONS or destination.startswith("earth-orbit"):
        return "earth"
    if destination.startswith(FAR_DESTINATIONS) or "asteroid" in destination:
        return "mars"
    return "moon"


def agency_colours(missions: Sequence[ScenarioMission]) -> dict[str, str]:
    """Return a colour per lead agency: the palette by missions led, then grey."""
    counts = Counter(mission.lead for mission in missions if mission.lead)
    ranked = sorted(counts, key=lambda code: (-counts[code], code))
    return {
        code: PALETTE[index] if index < len(PALETTE) else OTHER_COLOUR
        for index, code in enumerate(ranked)
    }


def _mark(x: float, y: float, colour: str, crewed: bool, size: float = 8) -> str:
    half = size / 2
    if crewed:
        return (
            f'<path d="M{x:.1f} {y - half:.1f} L{x + half:.1f} {y + half:.1f} '
            f'L{x - half:.1f} {y + half:.1f} Z" fill="{colour}"/>'
        )
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{half - 0.5:.1f}" fill="#ffffff" '
        f'stroke="{colour}" stroke-width="1.8"/>'
    )


@dataclass(frozen=True)
class _Grid:
    """The infographic's columns and, in each cell, the missions it holds."""

    columns: list[int | str]
    column_width: float
    per_row: int  # marks in a row of a cell
    cells: dict[tuple[str, int | str], list[ScenarioMission]]
    colours: dict[str, str]


def render_scenario(
    missions: Sequence[ScenarioMission],
    lanes: Sequence[str],
    as_of_label: str,
    width: int = 760,
) -> str:
    """Return the scenario infographic of ``missions`` in ``lanes`` as SVG."""
    grid = _grid(missions, width)
    shown = [lane for lane in lanes if any(m.lane == lane for m in missions)]
    body = [
        f"<style>.sc-axis,.sc-lane,.sc-legend,.sc-date{{font-family:{FONT_FAMILY}}}"
        f".sc-axis{{font-size:{HEAD_SIZE}px;fill:#5b6675}}.sc-lane{{font-size:"
        f"{LANE_LABEL_SIZE}px;font-weight:bold;fill:#1b2330}}.sc-legend{{font-size:10px;"
        "fill:#1b2330}.sc-date{font-size:11px;fill:#1f5fa8;font-weight:bold}</style>",
        f'<text class="sc-date" x="{width - 8}" y="16" text-anchor="end">'
        f"{text(as_of_label)}</text>",
        *_column_heads(grid),
    ]
    y = TOP
    for band, lane in enumerate(shown):
        height = _lane_height(grid, lane)
        fill = "#f4f6f9" if band % 2 == 0 else "#e9edf2"
        body.append(
            f'<rect x="0" y="{y}" width="{width}" height="{height}" fill="{fill}"/>'
        )
        body += _lane_head(missions, lane, y, height)
        body += _lane_marks(grid, lane, y)
        y += height + 2
    for index in range(len(grid.columns) + 1):
        x = LANE_WIDTH + index * grid.column_width
        body.append(
            f'<line x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{y}" '
            'stroke="#ffffff" stroke-width="1.5"/>'
        )
    legend, legend_height = _legend(grid.colours, y + 14, width)
    body.append(legend)
    description = _(
        "%(count)d missions in %(lanes)d destination lanes, by year; each mark is "
        "one mission in its lead agency's colour, a triangle when crewed."
    ) % {"count": len(missions), "lanes": len(shown)}
    return document(
        width,
        y + 14 + legend_height,
        _("Mission scenario, from low Earth orbit to Mars"),
        description,
        body,
        css_class="chart scenario",
    )


def _grid(missions: Sequence[ScenarioMission], width: int) -> _Grid:
    """Return one column per year (and one for the undated), each cell's missions."""
    years = sorted({m.year for m in missions if m.year is not None})
    columns: list[int | str] = list(range(years[0], years[-1] + 1)) if years else []
    if any(m.year is None for m in missions):
        columns.append(UNDATED)
    column_width = (width - LANE_WIDTH - 10) / max(len(columns), 1)
    cells: dict[tuple[str, int | str], list[ScenarioMission]] = {}
    for mission in sorted(missions, key=lambda m: (not m.crewed, m.lead, m.name)):
        column: int | str = mission.year if mission.year is not None else UNDATED
        cells.setdefault((mission.lane, column), []).append(mission)
    return _Grid(
        columns=columns,
        column_width=column_width,
        per_row=max(1, int((column_width - 4) // CELL)),
        cells=cells,
        colours=agency_colours(missions),
    )


def _column_heads(grid: _Grid) -> list[str]:
    """Return the column heads: every year when they fit, else every second, fifth…"""
    column_width = grid.column_width
    step = 1
    while step < 50 and step * column_width < text_width("2000", HEAD_SIZE) + 6:
        step = {1: 2, 2: 5, 5: 10, 10: 20, 20: 50}[step]
    heads = []
    for index, column in enumerate(grid.columns):
        x = LANE_WIDTH + index * column_width
        label = _("no date") if column == UNDATED else str(column)
        if column == UNDATED or index % step == 0:
            label = fit(label, HEAD_SIZE, column_width * step - 4)
            heads.append(
                f'<text class="sc-axis" x="{x + column_width / 2:.1f}" y="{TOP - 8}" '
                f'text-anchor="middle">{text(label)}</text>'
            )
    return heads


def _lane_names(lane: str) -> list[str]:
    return wrap(lane, LANE_LABEL_SIZE, LANE_WIDTH - 2 * LANE_PADDING - 18, bold=True)


def _lane_height(grid: _Grid, lane: str) -> int:
    """Return a lane's height: its fullest cell's rows of marks, or its name."""
    stack = max(
        (len(grid.cells.get((lane, column), [])) for column in grid.columns),
        default=1,
    )
    rows = max(1, math.ceil(stack / grid.per_row))
    return max(rows * CELL + 2 * LANE_PADDING, len(_lane_names(lane)) * 14 + 8)


def _lane_head(
    missions: Sequence[ScenarioMission], lane: str, y: int, height: int
) -> list[str]:
    """Return the lane's body glyph and its name."""
    bodies = {m.body for m in missions if m.lane == lane}
    spans = "".join(
        f'<tspan x="{LANE_PADDING + 20}" y="{y + LANE_PADDING + 10 + n * 14}">'
        f"{text(line)}</tspan>"
        for n, line in enumerate(_lane_names(lane))
    )
    return [
        _lane_glyph(bodies.pop() if len(bodies) == 1 else "moon", 12, y + height / 2),
        f'<text class="sc-lane">{spans}</text>',
    ]


def _lane_marks(grid: _Grid, lane: str, y: int) -> list[str]:
    """Return a mark for each mission of the lane, in its year's cell."""
    marks = []
    for index, column in enumerate(grid.columns):
        x0 = LANE_WIDTH + index * grid.column_width
        for n, mission in enumerate(grid.cells.get((lane, column), [])):
            cx = x0 + 2 + CELL / 2 + (n % grid.per_row) * CELL
            cy = y + LANE_PADDING + CELL / 2 + (n // grid.per_row) * CELL
            colour = grid.colours.get(mission.lead, OTHER_COLOUR)
            kind = _("crewed") if mission.crewed else _("robotic")
            marks.append(
                f"<g><title>{text(f'{mission.name} ({mission.lead}, {kind})')}"
                f"</title>{_mark(cx, cy, colour, mission.crewed)}</g>"
            )
    return marks


def _legend(colours: dict[str, str], y: float, width: int) -> tuple[str, int]:
    entries: list[tuple[str, str]] = [
        (_mark(6, -4, "#1b2330", True), _("crewed")),
        (_mark(6, -4, "#1b2330", False), _("robotic")),
    ]
    named = [
        (code, colour) for code, colour in colours.items() if colour != OTHER_COLOUR
    ]
    entries += [
        (f'<rect x="0" y="-9" width="12" height="10" fill="{colour}"/>', code)
        for code, colour in named
    ]
    if len(named) < len(colours):
        entries.append(
            (
                f'<rect x="0" y="-9" width="12" height="10" fill="{OTHER_COLOUR}"/>',
                _("other agencies"),
            )
        )
    parts = []
    x, row = 8.0, 0
    for shape, label in entries:
        entry = 18 + text_width(label, 10)
        if x > 8 and x + entry > width - 8:
            x, row = 8.0, row + 1
        parts.append(
            f'<g transform="translate({x:.1f},{y + row * 16:.1f})">{shape}'
            f'<text class="sc-legend" x="17" y="0">{text(label)}</text></g>'
        )
        x += entry + 12
    return "".join(parts), (row + 1) * 16


BODY_COLOURS = {"earth": "#3d7cc9", "moon": "#9aa5b1", "mars": "#c1440e"}


def _lane_glyph(name: str, x: float, y: float) -> str:
    """Return a small body for a lane: blue near Earth, grey at the Moon, red at Mars."""
    colour = BODY_COLOURS.get(name, BODY_COLOURS["moon"])
    return f'<circle cx="{x}" cy="{y:.1f}" r="6" fill="{colour}" opacity="0.85"/>'


# A body of the cover: (x, y, radius, fill, ring colour).
Body = tuple[float, float, float, str, str]


def render_cover_art(
    missions: Sequence[ScenarioMission],
    lanes: Sequence[str],
    width: int = 600,
    height: int = 360,
) -> str:
    """Return the cover's Earth, Moon and Mars artwork, one dot per mission."""
    bodies: list[Body] = [
        # (x, y, radius, fill, ring colour): Earth, Moon, Mars on a transfer arc.
        (110.0, height - 95.0, 62.0, "#2f6db3", "#9cc3ec"),
        (285.0, height - 170.0, 24.0, "#b8bfc7", "#e3e8ee"),
        (490.0, 95.0, 40.0, "#c1440e", "#f0b79c"),
    ]
    body = [
        f'<rect width="{width}" height="{height}" fill="#0d1b2e"/>',
        *_stars(width, height),
    ]
    earth, moon, mars = bodies
    body.append(
        f'<path d="M{earth[0]:.0f} {earth[1]:.0f} Q {moon[0] - 40:.0f} {moon[1] - 120:.0f} '
        f'{moon[0]:.0f} {moon[1]:.0f} T {mars[0]:.0f} {mars[1]:.0f}" fill="none" '
        'stroke="#5d8aa8" stroke-width="1.5" stroke-dasharray="6 5"/>'
    )
    for x, y, radius, fill, ring in bodies:
        body.append(
            f'<circle cx="{x}" cy="{y}" r="{radius}" fill="{fill}"/>'
            f'<circle cx="{x}" cy="{y}" r="{radius + 3}" fill="none" stroke="{ring}" '
            'stroke-width="1" opacity="0.6"/>'
        )
    body += _orbiting_missions(missions, lanes, bodies)
    description = _(
        "The Earth, the Moon and Mars on a transfer arc, with %(count)d missions "
        "around the body they go to, each in its lead agency's colour."
    ) % {"count": len(missions)}
    return document(
        width,
        height,
        _("Cover artwork: the Earth, the Moon and Mars"),
        description,
        body,
        css_class="chart cover-art",
    )


def _stars(width: int, height: int) -> list[str]:
    """Return the stars: a fixed scatter (no randomness: the same cover every build)."""
    stars = []
    for n in range(70):
        sx = (n * 137.508) % width
        sy = (n * 71.3 + (n * n) % 37) % height
        stars.append(
            f'<circle cx="{sx:.1f}" cy="{sy:.1f}" r="{0.6 + (n % 3) * 0.35:.2f}" '
            'fill="#ffffff" opacity="0.55"/>'
        )
    return stars


def _orbiting_missions(
    missions: Sequence[ScenarioMission], lanes: Sequence[str], bodies: list[Body]
) -> list[str]:
    """Return a dot per mission, orbiting the body of its lane's place."""
    colours = agency_colours(missions)
    order = {lane: index for index, lane in enumerate(lanes)}
    rings: dict[int, int] = {}
    dots = []
    for mission in sorted(
        missions, key=lambda m: (order.get(m.lane, 0), m.lead, m.name)
    ):
        index = {"earth": 0, "moon": 1, "mars": 2}.get(mission.body, 1)
        target = bodies[index]
        n = rings.get(index, 0)
        rings[index] = n + 1
        orbit = target[2] + 12 + (n // 24) * 10
        angle = math.radians(n % 24 * 15 + index * 7)
        x = target[0] + orbit * math.cos(angle)
        y = target[1] + orbit * math.sin(angle)
        colour = colours.get(mission.lead, OTHER_COLOUR)
        dots.append(
            _mark(x, y, colour, mission.crewed, size=7).replace(
                'fill="#ffffff"', 'fill="#0d1b2e"'
            )
        )
    return dots
