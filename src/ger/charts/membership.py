"""The coordination group's membership over time, as a step chart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ger.charts.svg import document, text


@dataclass(frozen=True)
class CountPoint:
    """A membership count at a date, with the date as the source states it."""

    day: dt.date
    label: str
    count: int


@dataclass(frozen=True)
class _Frame:
    """Where dates and counts fall on the chart."""

    left: int
    right: int
    top: int
    bottom: int
    first: dt.date
    span: int
    ceiling: int

    def x(self, day: dt.date) -> float:
        return self.left + (day - self.first).days / self.span * (
            self.right - self.left
        )

    def y(self, count: float) -> float:
        return self.bottom - count / self.ceiling * (self.bottom - self.top)


def render_membership(
    points: list[CountPoint], today: dt.date, width: int = 640, height: int = 260
) -> str:
    """Return a step chart of member counts over time as SVG."""
    points = sorted(points, key=lambda p: p.day)
    first = dt.date(points[0].day.year, 1, 1) if points else today
    last = dt.date(today.year + 1, 1, 1)
    peak = max((p.count for p in points), default=1)
    frame = _Frame(
        left=44,
        right=width - 16,
        top=16,
        bottom=height - 40,
        first=first,
        span=(last - first).days or 1,
        ceiling=((peak // 5) + 1) * 5,
    )
    body = [
        "<style>.mc-axis{font:11px sans-serif;fill:#5b6675}.mc-point{font:bold 11px "
        "sans-serif;fill:#1b2330}</style>",
        *_axes(frame, last),
    ]
    if points:
        body += _steps(frame, points, today)
    description = ", ".join(f"{p.label}: {p.count}" for p in points)
    return document(
        width,
        height,
        _("Member agencies over time"),
        description,
        body,
        css_class="chart membership",
    )


def _axes(frame: _Frame, last: dt.date) -> list[str]:
    """Return the count grid with its labels and the years below it."""
    left, right, bottom = frame.left, frame.right, frame.bottom
    body = []
    for value in range(0, frame.ceiling + 1, 5):
        y = frame.y(value)
        body.append(
            f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" '
            'stroke="#e3e8ee"/>'
        )
        body.append(
            f'<text class="mc-axis" x="{left - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{value}</text>'
        )
    for year in range(frame.first.year, last.year + 1, 2):
        xx = frame.x(dt.date(year, 1, 1))
        body.append(
            f'<text class="mc-axis" x="{xx:.1f}" y="{bottom + 22}" '
            f'text-anchor="middle">{year}</text>'
        )
    return body


def _steps(frame: _Frame, points: list[CountPoint], today: dt.date) -> list[str]:
    """Return the step line through the counts, and each count as a labelled dot."""
    x, y = frame.x, frame.y
    path = [f"M{x(points[0].day):.1f} {y(points[0].count):.1f}"]
    for point in points[1:]:
        path.append(f"H{x(point.day):.1f} V{y(point.count):.1f}")
    path.append(f"H{x(today):.1f}")
    body = [
        f'<path d="{" ".join(path)}" fill="none" stroke="#1f5fa8" stroke-width="2.5"/>'
    ]
    for point in points:
        body.append(
            f"<g><title>{text(point.label)}: {point.count}</title>"
            f'<circle cx="{x(point.day):.1f}" cy="{y(point.count):.1f}" r="4" fill="#1f5fa8"/>'
            f'<text class="mc-point" x="{x(point.day) - 4:.1f}" y="{y(point.count) - 8:.1f}" '
            f'text-anchor="end">{point.count}</text></g>'
        )
    return body
