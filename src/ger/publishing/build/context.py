"""The template context of the document's pages, with the charts for one medium."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from ger.datalicence import attribution, data_licence
from ger.publishing.build import figures as charts
from ger.publishing.build.content import EditionContent
from ger.publishing.build.figures import LandingSite, YearCounts
from ger.publishing.build.links import Links
from ger.publishing.build.missions import StatedMission
from ger.publishing.build.overview import Overview, draw_overview

# Long tables are cut into runs of rows: the layout engine slows down on huge tables.
TABLE_RUN = 250
# Above this many missions the PDF's rows carry no link target (nothing links there).
ANCHOR_LIMIT = 1000
SITE_TABLE_LIMIT = 200


@dataclass(frozen=True)
class AnnexGroup:
    """The missions to one destination, alphabetically, in runs of table rows."""

    destination: str
    count: int
    runs: list[list[StatedMission]]


def annex_groups(content: EditionContent) -> list[AnnexGroup]:
    """Return the annex's missions by destination (in lane order), by name."""
    by_lane: dict[str, list[StatedMission]] = {}
    for mission in content.missions:
        by_lane.setdefault(mission.destination_name, []).append(mission)
    groups = []
    for lane in content.lanes:
        missions = sorted(by_lane.get(lane, []), key=lambda m: (m.name.lower(), m.slug))
        if missions:
            runs = [
                missions[start : start + TABLE_RUN]
                for start in range(0, len(missions), TABLE_RUN)
            ]
            groups.append(AnnexGroup(lane, len(missions), runs))
    return groups


@dataclass(frozen=True)
class Figures:
    """The charts of the document, drawn with the links of one medium."""

    timelines: list[SafeString]
    years: list[int]
    year_rows: list[YearCounts]
    membership: SafeString
    south_pole: SafeString | None
    polar_sites: list[LandingSite]
    diagram_limit: int
    map_limit: int
    site_table: bool
    overview: Overview


def draw_figures(content: EditionContent, links: Links) -> Figures:
    """Return the charts; in print, timelines are split to fit landscape pages."""
    missions = content.missions
    # The polar map shows every site of the southern hemisphere, and its table
    # lists exactly the sites it shows.
    polar = [site for site in content.sites if site.latitude < 0]
    years, rows = charts.year_counts(missions, content.lanes)
    timelines: list[SafeString] = []
    if 0 < len(missions) <= charts.DIAGRAM_LIMIT:
        timelines = charts.timelines(
            missions,
            content.lanes,
            content.as_of,
            links.mission,
            charts.PAGE_HEIGHT if links.is_pdf else None,
        )
    timelines = [
        charts.with_ids(svg, f"timeline-{index}")
        for index, svg in enumerate(timelines, 1)
    ]
    south_pole = None
    if 0 < len(polar) <= charts.MAP_LIMIT:
        south_pole = charts.with_ids(
            charts.south_pole_map(polar, links.mission), "south-pole"
        )
    return Figures(
        timelines=timelines,
        years=years,
        year_rows=rows,
        membership=charts.with_ids(
            charts.membership_chart(content.membership, content.as_of), "membership"
        ),
        south_pole=south_pole,
        polar_sites=polar,
        diagram_limit=charts.DIAGRAM_LIMIT,
        map_limit=charts.MAP_LIMIT,
        site_table=len(polar) <= SITE_TABLE_LIMIT,
        overview=draw_overview(content),
    )


def page_context(
    content: EditionContent, links: Links, figures: Figures, **extra: Any
) -> dict[str, Any]:
    """Return the context every page template of the document receives."""
    return {
        "c": content,
        "edition": content.edition,
        "summary": content.summary,
        "links": links,
        "figures": figures,
        "medium": links.medium,
        "anchors": not links.is_pdf or len(content.missions) <= ANCHOR_LIMIT,
        "data_licence": data_licence(),
        "data_attribution": attribution(
            content.title, content.edition.code, content.released
        ),
        **extra,
    }
