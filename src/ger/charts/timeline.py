"""The mission-scenario timeline: missions on a time axis, in swim-lanes.

Dates are drawn with their precision: a year-precision plan is a bar one year wide,
a month a month wide, a day a marker. "No earlier than" plans get an open right end.
Crewed missions are filled, robotic ones outlined; status sets the colour.
"""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ger.charts.metrics import FONT_FAMILY, fit, text_width, wrap
from ger.charts.svg import attribute, document, text

STATUS_COLOURS = {
    "studied": "#7a869a",
    "planned": "#1f5fa8",
    "in_development": "#1f5fa8",
    "launched": "#1b7f5a",
    "succeeded": "#1b7f5a",
    "partially_succeeded": "#b07a00",
    "failed": "#b3261e",
    "suspended": "#7a869a",
    "cancelled": "#7a869a",
}
LABEL_WIDTH = 190
ROW_HEIGHT = 22
LANE_GAP = 10
AXIS_HEIGHT = 34
UNDATED_WIDTH = 170
LABEL_SIZE = 11
LANE_SIZE = 12
LANE_LINE = 15
LANE_PADDING = 8


@dataclass(frozen=True)
class TimelineItem:
    """One mission as the timeline draws it."""

    slug: str
    name: str
    url: str
    lane: str
    start: dt.date | None
    end: dt.date | None
    date_label: str
    crewed: bool
    status: str
    status_label: str
    open_ended: bool = False
    actual: bool = False


@dataclass
class _Placed:
    item: TimelineItem
    row: int
    x0: float
    x1: float


@dataclass
class _Lane:
    """A swim-lane's rows, filled first-fit as items arrive in start order.

    Items arrive with a left edge that never decreases (they are sorted by start,
    the undated last, at the right of the axis): every bar already placed starts
    left of the new one, so a row is free when its last label ends at or before the
    new left edge, and then stays free for every later item too. The lane keeps the
    busy rows in a heap by where their last label ends and the freed rows in a heap
    by number: each item costs O(log rows), not a scan of everything placed.
    """

    name: str
    placed: list[_Placed] = field(default_factory=list)
    rows: int = 1
    busy: list[tuple[float, int]] = field(default_factory=list)
    free: list[int] = field(default_factory=list)
    opened: int = 0

    def first_free_row(self, x0: float) -> int:
        """Return the lowest row whose labels all end at or before ``x0``."""
        while self.busy and self.busy[0][0] <= x0:
            heapq.heappush(self.free, heapq.heappop(self.busy)[1])
        if self.free:
            return heapq.heappop(self.free)
        self.opened += 1
        return self.opened - 1

    def occupy(self, row: int, label_end: float) -> None:
        """Mark ``row`` busy up to ``label_end``, where its new last label ends."""
        heapq.heappush(self.busy, (label_end, row))


def year_range(items: list[TimelineItem], today: dt.date) -> tuple[int, int]:
    """Return the first and last year the axis shows."""
    years = [d.year for item in items for d in (item.start, item.end) if d is not None]
    years.append(today.year)
    return min(years), max(years) + 1


@dataclass
class _Axis:
    """The years the axis shows and where a day falls on it."""

    first: int
    last: int
    left: int
    right: int
    start: dt.date = field(init=False)
    span_days: int = field(init=False)

    def __post_init__(self) -> None:
        self.start = dt.date(self.first, 1, 1)
        self.span_days = (dt.date(self.last, 1, 1) - self.start).days or 1

    def x(self, day: dt.date) -> float:
        return self.left + (day - self.start).days / self.span_days * (
            self.right - self.left
        )


def render_timeline(
    items: list[TimelineItem],
    lanes: list[str],
    today: dt.date,
    width: int = 1100,
    title: str | None = None,
) -> str:
    """Return the timeline of ``items`` in ``lanes`` (in that order) as SVG."""
    first, last = year_range(items, today)
    axis = _Axis(first, last, LABEL_WIDTH, width - UNDATED_WIDTH - 10)
    placed, right_edge = _place_items(items, lanes, axis, float(width))
    shown = [lane for lane in placed if lane.placed]
    # A lane's name is set on as many lines as it needs within the label column;
    # the lane is at least as tall as its name.
    names = {
        lane.name: wrap(lane.name, LANE_SIZE, LABEL_WIDTH - 2 * LANE_PADDING, bold=True)
        for lane in shown
    }
    heights = {
        lane.name: max(lane.rows * ROW_HEIGHT, len(names[lane.name]) * LANE_LINE + 6)
        for lane in shown
    }
    width = max(width, int(right_edge + 0.999))
    height = AXIS_HEIGHT + sum(heights[lane.name] + LANE_GAP for lane in shown) + 40
    body: list[str] = [
        f"<style>.tl-label,.tl-lane,.tl-axis{{font-family:{FONT_FAMILY}}}"
        f".tl-label{{font-size:{LABEL_SIZE}px;fill:#1b2330}}.tl-lane{{font-weight:bold;"
        f"font-size:{LANE_SIZE}px;fill:#1b2330}}.tl-axis{{font-size:11px;fill:#5b6675}}"
        "a:focus rect,a:hover rect,a:focus path,a:hover path{stroke-width:3}</style>",
        *_years(axis, height),
    ]
    top = AXIS_HEIGHT
    for lane in shown:
        body += _lane_svg(lane, names[lane.name], top, heights[lane.name], width)
        top += heights[lane.name] + LANE_GAP
    body += _today(axis, today, top)
    legend, legend_height = _legend(top + 26, width)
    body.append(legend)
    description = _(
        "%(count)d missions from %(first)d to %(last)d in %(lanes)d lanes; bars "
        "span the "
        "precision of each date (a year, a quarter, a month), markers are exact days."
    ) % {"count": len(items), "first": first, "last": last - 1, "lanes": len(shown)}
    return document(
        width,
        top + 26 + legend_height,
        title or _("Mission timeline"),
        description,
        body,
        css_class="chart timeline",
    )


def _place_items(
    items: list[TimelineItem], lanes: list[str], axis: _Axis, right_edge: float
) -> tuple[list[_Lane], float]:
    """Place each item in a row of its lane; return the lanes and the labels' end."""
    by_lane = {name: _Lane(name) for name in lanes}
    for item in sorted(items, key=lambda i: (i.start or dt.date.max, i.name)):
        lane = by_lane.setdefault(item.lane, _Lane(item.lane))
        if item.start is None or item.end is None:
            x0 = float(axis.right + 14)
            x1 = x0 + 10
        else:
            x0 = axis.x(item.start)
            x1 = max(
                axis.x(item.end + dt.timedelta(days=1)),
                x0 + (6 if item.start == item.end else 4),
            )
        label = _label(item)
        label_x = x1 + (12 if item.open_ended else 4)
        label_end = label_x + text_width(label, LABEL_SIZE)
        # The next label in this row starts at least one space after this one.
        row = lane.first_free_row(x0)
        lane.occupy(row, label_end + 6)
        lane.placed.append(_Placed(item, row, x0, x1))
        lane.rows = max(lane.rows, row + 1)
        right_edge = max(right_edge, label_end + 6)
    return list(by_lane.values()), right_edge


def _years(axis: _Axis, height: int) -> list[str]:
    """Return a line a year, labelled every year when the labels fit, else every
    second, fifth… year; and the head of the undated column."""
    first, last = axis.first, axis.last
    year_step = _year_step(
        axis.x(dt.date(first + 1, 1, 1)) - axis.x(dt.date(first, 1, 1))
    )
    body = []
    for year in range(first, last + 1):
        xx = axis.x(dt.date(year, 1, 1))
        body.append(
            f'<line x1="{xx:.1f}" y1="{AXIS_HEIGHT - 6}" x2="{xx:.1f}" '
            f'y2="{height - 30}" '
            'stroke="#e3e8ee"/>'
        )
        if year < last and (year - first) % year_step == 0:
            body.append(
                f'<text class="tl-axis" x="{xx + 3:.1f}" y="{AXIS_HEIGHT - 12}">{year}</text>'
            )
    body.append(
        f'<text class="tl-axis" x="{axis.right + 14}" y="{AXIS_HEIGHT - 12}">'
        f"{text(_('date not known'))}</text>"
    )
    return body


def _lane_svg(
    lane: _Lane, lines: list[str], top: int, lane_height: int, width: int
) -> list[str]:
    """Return a lane's band, its name and its items."""
    spans = "".join(
        f'<tspan x="{LANE_PADDING}" y="{top + 15 + number * LANE_LINE}">{text(line)}</tspan>'
        for number, line in enumerate(lines)
    )
    whole = f"<title>{text(lane.name)}</title>" if lines != [lane.name] else ""
    return [
        f'<rect x="0" y="{top}" width="{width}" height="{lane_height}" '
        'fill="#f4f6f9"/>',
        f'<text class="tl-lane">{whole}{spans}</text>',
        *(_item_svg(placed, top) for placed in lane.placed),
    ]


def _today(axis: _Axis, today: dt.date, top: int) -> list[str]:
    """Return the line of today across the lanes, with its date."""
    today_x = axis.x(today)
    # Outside the f-string: xgettext does not read calls inside f-strings.
    today_label = text(_("today"))
    return [
        f'<line x1="{today_x:.1f}" y1="{AXIS_HEIGHT - 6}" x2="{today_x:.1f}" '
        f'y2="{top}" '
        'stroke="#b3261e" stroke-dasharray="4 3"/>',
        f'<text class="tl-axis" x="{today_x + 3:.1f}" y="{top + 12}" fill="#b3261e">'
        f"{today_label} ({today.isoformat()})</text>",
    ]


def _item_svg(placed: _Placed, lane_top: int) -> str:
    item = placed.item
    y = lane_top + placed.row * ROW_HEIGHT + 5
    colour = STATUS_COLOURS.get(item.status, "#1f5fa8")
    fill = colour if item.crewed else "#ffffff"
    tooltip = f"{item.name} — {item.date_label} — {item.status_label}"
    if item.crewed:
        tooltip += f" — {_('crewed')}"
    if item.start is None:
        shape = (
            f'<rect x="{placed.x0:.1f}" y="{y}" width="10" height="12" fill="#ffffff" '
            f'stroke="{colour}" stroke-dasharray="2 2"/>'
        )
    elif item.start == item.end:
        # Only an exact day is a point; any longer period stays a bar, however narrow.
        cx, cy = placed.x0 + 3, y + 6
        shape = (
            f'<path d="M{cx - 6:.1f} {cy} L{cx:.1f} {cy - 6} L{cx + 6:.1f} {cy} '
            f'L{cx:.1f} {cy + 6} Z" fill="{fill}" stroke="{colour}" '
            'stroke-width="1.5"/>'
        )
    else:
        shape = (
            f'<rect x="{placed.x0:.1f}" y="{y}" width="{placed.x1 - placed.x0:.1f}" height="12" '
            f'rx="2" fill="{fill}" stroke="{colour}" stroke-width="1.5"/>'
        )
        if item.open_ended:
            shape += (
                f'<path d="M{placed.x1:.1f} {y + 6} l8 0 m-3 -3 l3 3 l-3 3" '
                f'stroke="{colour}" fill="none"/>'
            )
    struck = ' text-decoration="line-through"' if item.status == "cancelled" else ""
    label_x = placed.x1 + (12 if item.open_ended else 4)
    return (
        f"<a href={attribute(item.url)} aria-label={attribute(tooltip)}>"
        f"<title>{text(tooltip)}</title>{shape}"
        f'<text class="tl-label" x="{label_x:.1f}" y="{y + 10}"{struck}>'
        f"{text(_label(item))}</text></a>"
    )


def _label(item: TimelineItem) -> str:
    """Return the label drawn beside the item (the tooltip keeps the whole name)."""
    if item.start is None:
        # The undated column is narrow.
        return fit(item.name, LABEL_SIZE, UNDATED_WIDTH - 30)
    return item.name


def _year_step(year_width: float) -> int:
    """Return every how many years the axis can label without crowding."""
    needed = text_width("2000", 11) + 8
    for step in (1, 2, 5, 10, 20, 50):
        if step * year_width >= needed:
            return step
    return 100


def _legend(y: int, width: int) -> tuple[str, int]:
    """Return the legend, in as many rows as ``width`` needs, and its height."""
    entries = [
        ('<rect width="16" height="10" fill="#1f5fa8" stroke="#1f5fa8"/>', _("crewed")),
        (
            (
                '<rect width="16" height="10" fill="#fff" stroke="#1f5fa8" '
                'stroke-width="1.5"/>'
            ),
            _("robotic"),
        ),
        (
            '<path d="M2 5 L8 -1 L14 5 L8 11 Z" fill="#fff" stroke="#1b7f5a"/>',
            _("exact day (launched)"),
        ),
        ('<rect width="16" height="10" fill="#fff" stroke="#b3261e"/>', _("failed")),
        (
            '<rect width="16" height="10" fill="#fff" stroke="#b07a00"/>',
            _("partially succeeded"),
        ),
        (
            '<rect width="16" height="10" fill="#fff" stroke="#7a869a"/>',
            _("cancelled, suspended or studied"),
        ),
        (
            '<path d="M0 5 l10 0 m-3 -3 l3 3 l-3 3" stroke="#1f5fa8" fill="none"/>',
            _("no earlier than"),
        ),
    ]
    parts: list[str] = []
    x, row = float(LABEL_WIDTH), 0
    for shape, label in entries:
        entry_width = 20 + text_width(str(label), 11)
        if x > LABEL_WIDTH and x + entry_width > width:
            x, row = float(LABEL_WIDTH), row + 1
        parts.append(
            f'<g transform="translate({x:.1f},{y + row * 18})">{shape}'
            f'<text class="tl-axis" x="20" y="9">{text(label)}</text></g>'
        )
        x += entry_width + 14
    return "".join(parts), 14 + (row + 1) * 18
