"""Horizontal bar charts: a count per labelled row, optionally in coloured parts.

Used by the document for the figures of its chapters (missions by destination,
by goal, by kind of change…). Row labels are measured and wrapped so they never
run into the bars; the count is printed after each bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ger.charts.metrics import FONT_FAMILY, text_width, wrap
from ger.charts.svg import document, text

LABEL_SIZE = 10
LINE = 13
BAR = 12
GAP = 7


@dataclass(frozen=True)
class Part:
    """A part of a bar: its value, colour and what it stands for."""

    value: int
    colour: str
    label: str


@dataclass(frozen=True)
class Bar:
    """A row of the chart: its label and its parts."""

    label: str
    parts: tuple[Part, ...]

    @property
    def total(self) -> int:
        return sum(part.value for part in self.parts)


def render_bars(
    bars: Sequence[Bar],
    title: str,
    description: str,
    legend: Sequence[tuple[str, str]] = (),
    width: int = 640,
    label_width: int = 210,
) -> str:
    """Return the bars as SVG; ``legend`` lists (colour, label) pairs under them."""
    peak = max((bar.total for bar in bars), default=1) or 1
    number_room = text_width(str(peak), LABEL_SIZE) + 10
    scale = (width - label_width - number_room - 10) / peak
    body = [
        f"<style>.bc-label,.bc-value,.bc-legend{{font-family:{FONT_FAMILY};"
        f"font-size:{LABEL_SIZE}px;fill:#1b2330}}.bc-value{{fill:#5b6675}}</style>"
    ]
    y = 6.0
    for bar in bars:
        lines = wrap(bar.label, LABEL_SIZE, label_width - 12)
        height = max(BAR, len(lines) * LINE)
        spans = "".join(
            f'<tspan x="{label_width - 8}" y="{y + 10 + n * LINE:.1f}">{text(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        body.append(f'<text class="bc-label" text-anchor="end">{spans}</text>')
        x = float(label_width)
        for part in bar.parts:
            if part.value <= 0:
                continue
            length = part.value * scale
            body.append(
                f"<g><title>{text(f'{bar.label}: {part.label} {part.value}')}</title>"
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{length:.1f}" height="{BAR}" '
                f'fill="{part.colour}"/></g>'
            )
            x += length
        body.append(
            f'<text class="bc-value" x="{x + 4:.1f}" y="{y + 10:.1f}">{bar.total}</text>'
        )
        y += height + GAP
    if legend:
        x, row = float(label_width), 0
        y += 6
        for colour, label in legend:
            entry = 16 + text_width(label, LABEL_SIZE)
            if x > label_width and x + entry > width:
                x, row = float(label_width), row + 1
            body.append(
                f'<rect x="{x:.1f}" y="{y + row * 16:.1f}" width="11" height="10" '
                f'fill="{colour}"/><text class="bc-legend" x="{x + 15:.1f}" '
                f'y="{y + row * 16 + 9:.1f}">{text(label)}</text>'
            )
            x += entry + 12
        y += (row + 1) * 16
    return document(width, y + 4, title, description, body, css_class="chart bars")
