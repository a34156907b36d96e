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


def render_membership(
    points: list[CountPoint], today: dt.date, width: int = 640, height: int = 260
) -> str:
    """Return a step chart of member counts over time as SVG."""
    points = sorted(points, key=lambda p: p.day)
    left, right, top, bottom = 44, width - 16, 16, height - 40
    first = dt.date(points[0].day.year, 1, 1) if points else today
    last = dt.date(today.year + 1, 1, 1)
    span = (last - first).days or 1
    peak = max((p.count for p in points), default=1)
    ceiling = ((peak // 5) + 1) * 5

    def x(day: dt.date) -> float:
        return left + (day - first).days / span * (right - left)

    def y(count: float) -> float:
        return bottom - count / ceiling * (bottom - top)

    body = [
        "<style>.mc-axis{font:11px sans-serif;fill:#5b6675}.mc-point{font:bold 11px "
        "sans-serif;fill:#1b2330}</style>"
    ]
    for value in range(0, ceiling + 1, 5):
        body.append(
            f'<line x1="{left}" x2="{right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'stroke="#e3e8ee"/>'
        )
        body.append(
            f'<text class="mc-axis" x="{left - 6}" y="{y(value) + 4:.1f}" '
            f'text-anchor="end">{value}</text>'
        )
    for year in range(first.year, last.year + 1, 2):
        xx = x(dt.date(year, 1, 1))
        body.append(
            f'<text class="mc-axis" x="{xx:.1f}" y="{bottom + 22}" '
            f'text-anchor="middle">{year}</text>'
        )
    if points:
        path = [f"M{x(points[0].day):.1f} {y(points[0].count):.1f}"]
        for point in points[1:]:
            path.append(f"H{x(point.day):.1f} V{y(point.count):.1f}")
        path.append(f"H{x(today):.1f}")
        body.append(
            f'<path d="{" ".join(path)}" fill="none" stroke="#1f5fa8" stroke-width="2.5"/>'
        )
        for point in points:
            body.append(
                f"<g><title>{text(point.label)}: {point.count}</title>"
                f'<circle cx="{x(point.day):.1f}" cy="{y(point.count):.1f}" r="4" fill="#1f5fa8"/>'
                f'<text class="mc-point" x="{x(point.day) - 4:.1f}" y="{y(point.count) - 8:.1f}" '
                f'text-anchor="end">{point.count}</text></g>'
            )
    description = ", ".join(f"{p.label}: {p.count}" for p in points)
    return document(
        width,
        height,
        _("Member agencies over time"),
        description,
        body,
        css_class="chart membership",
    )
