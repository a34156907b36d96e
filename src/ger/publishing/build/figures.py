"""The edition's charts, drawn by the portal's own chart module from the snapshot.

The charts' "today" is the edition's date, so the same edition always gives the
same drawings. A diagram of hundreds of bars informs no one, in print or on a
screen: above ``DIAGRAM_LIMIT`` missions (or ``MAP_LIMIT`` sites) the document
shows counts instead and says so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ger.charts.membership import CountPoint, render_membership
from ger.charts.polar_map import Site, render_south_pole
from ger.charts.timeline import TimelineItem, render_timeline
from ger.publishing.build.missions import StatedMission

DIAGRAM_LIMIT = 150
MAP_LIMIT = 60
# The tallest timeline (in the chart's own units) that still fits a landscape page.
PAGE_HEIGHT = 700
_VIEWBOX = re.compile(r'viewBox="0 0 (\d+) (\d+)"')
# WeasyPrint's SVG renderer ignores a ``font`` shorthand that starts with a weight.
_BOLD_FONT = re.compile(r"font:bold (\d+)px ([\w-]+)")


@dataclass(frozen=True)
class LandingSite:
    """A landing site of one of the edition's missions (today's record of it)."""

    slug: str
    name: str
    latitude: float
    longitude: float
    kind: str
    kind_label: str
    uncertain: bool


@dataclass(frozen=True)
class YearCounts:
    """How many missions go to one destination in each year of the scenario."""

    destination: str
    counts: tuple[int, ...]
    undated: int


def timeline_item(mission: StatedMission, url: str) -> TimelineItem:
    """Return how the timeline draws a mission's plan, with its precision."""
    planned = mission.planned
    label = (
        _("planned %(date)s") % {"date": planned} if planned else _("date not known")
    )
    return TimelineItem(
        slug=mission.slug,
        name=mission.name,
        url=url,
        lane=mission.destination_name,
        start=planned.start if planned else None,
        end=planned.end if planned else None,
        date_label=label,
        crewed=mission.crewed,
        status=mission.status,
        status_label=mission.status_label,
        open_ended=mission.no_earlier_than,
    )


def with_ids(svg: str, suffix: str) -> SafeString:
    """Return the chart with unique title and description ids and longhand fonts."""
    svg = _BOLD_FONT.sub(r"font-weight:bold;font-size:\1px;font-family:\2", svg)
    for name in ("chart-title", "chart-desc"):
        svg = svg.replace(f'id="{name}"', f'id="{name}-{suffix}"')
    svg = svg.replace(
        'aria-labelledby="chart-title chart-desc"',
        f'aria-labelledby="chart-title-{suffix} chart-desc-{suffix}"',
    )
    return mark_safe(svg)  # only the chart's own escaped markup, ids renamed


def _height(svg: str) -> int:
    match = _VIEWBOX.search(svg)
    return int(match.group(2)) if match else 0


def timelines(
    missions: Sequence[StatedMission],
    lanes: Sequence[str],
    today: dt.date,
    link: Callable[[str], str],
    page_height: int | None = None,
) -> list[SafeString]:
    """Return the scenario timeline, by destination lanes, as one SVG or more.

    With ``page_height`` the lanes are grouped into charts that each fit a page.
    """
    items = [timeline_item(mission, link(mission.slug)) for mission in missions]
    used = [lane for lane in lanes if any(item.lane == lane for item in items)]
    title = _("Mission scenario timeline")
    whole = render_timeline(items, used, today, title=title)
    if page_height is None or _height(whole) <= page_height:
        return [mark_safe(whole)]  # built from escaped parts
    charts: list[SafeString] = []
    group: list[str] = []
    for lane in used:
        candidate = [*group, lane]
        chosen = [item for item in items if item.lane in candidate]
        svg = render_timeline(chosen, candidate, today, title=title)
        if group and _height(svg) > page_height:
            charts.append(_lanes_chart(items, group, today, title))
            group = [lane]
        else:
            group = candidate
    if group:
        charts.append(_lanes_chart(items, group, today, title))
    return charts


def _lanes_chart(
    items: list[TimelineItem], lanes: list[str], today: dt.date, title: str
) -> SafeString:
    chosen = [item for item in items if item.lane in lanes]
    return mark_safe(render_timeline(chosen, lanes, today, title=title))  # escaped


def year_counts(
    missions: Sequence[StatedMission], lanes: Sequence[str]
) -> tuple[list[int], list[YearCounts]]:
    """Return the years and, per destination, the missions planned in each."""
    dated = [m for m in missions if m.planned is not None]
    years = sorted({m.planned.start.year for m in dated if m.planned})
    tally = Counter(
        (m.destination_name, m.planned.start.year) for m in dated if m.planned
    )
    undated = Counter(m.destination_name for m in missions if m.planned is None)
    rows = [
        YearCounts(lane, tuple(tally[(lane, year)] for year in years), undated[lane])
        for lane in lanes
        if any(tally[(lane, year)] for year in years) or undated[lane]
    ]
    return years, rows


def membership_chart(points: Sequence[CountPoint], today: dt.date) -> SafeString:
    """Return the membership growth chart up to the edition's date."""
    shown = [point for point in points if point.day <= today]
    return mark_safe(render_membership(shown, today))  # built from escaped parts


def south_pole_map(
    sites: Sequence[LandingSite], link: Callable[[str], str]
) -> SafeString:
    """Return the lunar south-pole map of the sites."""
    return mark_safe(  # built from escaped parts
        render_south_pole(
            [
                Site(
                    name=site.name,
                    url=link(site.slug),
                    latitude=site.latitude,
                    longitude=site.longitude,
                    kind=site.kind,
                    kind_label=site.kind_label,
                    uncertain=site.uncertain,
                )
                for site in sites
            ]
        )
    )
