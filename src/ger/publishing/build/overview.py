"""The document's designed figures: cover art, scenario infographic, chapter charts.

Every figure is drawn from the edition's content alone (its statements, its diff,
its analyses), so the same edition always gives the same drawings. Each chapter
of the document carries at least one of them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ger.charts.bars import Bar, Part, render_bars
from ger.charts.scenario import (
    OTHER_COLOUR,
    ScenarioMission,
    agency_colours,
    body_of,
    render_cover_art,
    render_scenario,
)
from ger.publishing.build.content import EditionContent
from ger.publishing.build.figures import with_ids

CREWED_COLOUR = "#1f5fa8"
ROBOTIC_COLOUR = "#9cc3ec"
GAP_COLOUR = "#c0392b"


@dataclass(frozen=True)
class AgencyPlans:
    """One destination's missions, grouped by lead agency, for the plans chapter."""

    destination: str
    count: int
    crewed: int
    agencies: list[tuple[str, list[str]]]


@dataclass(frozen=True)
class Overview:
    """The designed figures of the document (already escaped SVG)."""

    cover: SafeString
    scenario: SafeString
    by_destination: SafeString
    by_goal: SafeString
    by_agency: SafeString
    plans: list[AgencyPlans]
    partnerships: SafeString | None
    changes: SafeString | None
    by_status: SafeString
    by_year: SafeString


def scenario_missions(content: EditionContent) -> list[ScenarioMission]:
    """Return the missions as the infographic and the cover draw them."""
    return [
        ScenarioMission(
            name=mission.name,
            lane=mission.destination_name,
            year=mission.planned.start.year if mission.planned else None,
            lead=mission.lead,
            crewed=mission.crewed,
            body=body_of(mission.destination),
        )
        for mission in content.missions
    ]


def draw_overview(content: EditionContent) -> Overview:
    """Return every designed figure of the document."""
    missions = scenario_missions(content)
    as_of = _("As of %(date)s") % {
        "date": date_format(content.as_of, "YEAR_MONTH_FORMAT")
    }
    colours = agency_colours(missions)
    return Overview(
        cover=with_ids(render_cover_art(missions, content.lanes), "cover-art"),
        scenario=with_ids(render_scenario(missions, content.lanes, as_of), "scenario"),
        by_destination=_by_destination(content),
        by_goal=_by_goal(content),
        by_agency=_by_agency(content, colours),
        plans=_plans(content),
        partnerships=_partnerships(content),
        changes=_changes(content),
        by_status=with_ids(
            render_bars(
                [
                    Bar(count.label, (Part(count.count, CREWED_COLOUR, ""),))
                    for count in content.summary.by_status
                ],
                _("Missions by status at the edition's date"),
                _("How many of the edition's missions are in each status."),
            ),
            "by-status",
        ),
        by_year=_by_year(content),
    )


def _by_year(content: EditionContent) -> SafeString:
    years = Counter(
        str(m.planned.start.year) if m.planned else _("no date stated")
        for m in content.missions
    )
    dated = sorted(key for key in years if key.isdigit())
    keys = dated + [key for key in years if not key.isdigit()]
    svg = render_bars(
        [Bar(key, (Part(years[key], CREWED_COLOUR, ""),)) for key in keys],
        _("Missions by planned launch year"),
        _("How many of the edition's missions are planned for each year."),
        label_width=110,
    )
    return with_ids(svg, "by-year")


def _by_destination(content: EditionContent) -> SafeString:
    crewed = Counter(m.destination_name for m in content.missions if m.crewed)
    robotic = Counter(m.destination_name for m in content.missions if not m.crewed)
    bars = [
        Bar(
            lane,
            (
                Part(crewed[lane], CREWED_COLOUR, _("crewed")),
                Part(robotic[lane], ROBOTIC_COLOUR, _("robotic")),
            ),
        )
        for lane in content.lanes
        if crewed[lane] or robotic[lane]
    ]
    svg = render_bars(
        bars,
        _("Missions by destination, crewed and robotic"),
        _("How many of the edition's missions go to each destination."),
        legend=[(CREWED_COLOUR, _("crewed")), (ROBOTIC_COLOUR, _("robotic"))],
    )
    return with_ids(svg, "by-destination")


def _by_goal(content: EditionContent) -> SafeString:
    trace = content.analyses.traceability
    gaps = {row.code for row in trace.rows if row.gap} if trace is not None else set()
    rows = [(f"{goal.code} · {goal.title}", goal.objectives) for goal in content.goals]
    if content.unassigned_objectives:
        rows.append(
            (_("Objectives not tied to a goal"), tuple(content.unassigned_objectives))
        )
    addressed, gap = _("addressed by a mission"), _("no mission addresses it")
    bars = [
        Bar(
            label,
            (
                Part(
                    sum(1 for o in objectives if o.code not in gaps),
                    CREWED_COLOUR,
                    addressed,
                ),
                Part(sum(1 for o in objectives if o.code in gaps), GAP_COLOUR, gap),
            ),
        )
        for label, objectives in rows
    ]
    svg = render_bars(
        bars,
        _("Objectives of each goal, addressed and not"),
        _("How many objectives each goal holds, and how many no mission addresses."),
        legend=[(CREWED_COLOUR, addressed), (GAP_COLOUR, gap)],
        label_width=260,
    )
    return with_ids(svg, "by-goal")


def _by_agency(content: EditionContent, colours: dict[str, str]) -> SafeString:
    named = [code for code, colour in colours.items() if colour != OTHER_COLOUR]
    bars = []
    for lane in content.lanes:
        leads = Counter(m.lead for m in content.missions if m.destination_name == lane)
        if not leads:
            continue
        parts = [
            Part(leads[code], colours[code], code) for code in named if leads[code]
        ]
        others = sum(count for code, count in leads.items() if code not in named)
        if others:
            parts.append(Part(others, OTHER_COLOUR, _("other agencies")))
        bars.append(Bar(lane, tuple(parts)))
    legend = [(colours[code], code) for code in named]
    if len(named) < len(colours):
        legend.append((OTHER_COLOUR, _("other agencies")))
    svg = render_bars(
        bars,
        _("Missions by destination and lead agency"),
        _("How many missions each agency leads to each destination."),
        legend=legend,
    )
    return with_ids(svg, "by-agency")


def _plans(content: EditionContent) -> list[AgencyPlans]:
    plans = []
    for lane in content.lanes:
        missions = [m for m in content.missions if m.destination_name == lane]
        if not missions:
            continue
        by_lead: dict[str, list[str]] = {}
        for mission in sorted(missions, key=lambda m: (m.lead, m.name.lower())):
            by_lead.setdefault(mission.lead or "—", []).append(mission.name)
        plans.append(
            AgencyPlans(
                lane,
                len(missions),
                sum(1 for m in missions if m.crewed),
                sorted(by_lead.items(), key=lambda item: (-len(item[1]), item[0])),
            )
        )
    return plans


def _partnerships(content: EditionContent) -> SafeString | None:
    report = content.analyses.partnerships
    if report is None or not report.pairs:
        return None
    bars = [
        Bar(f"{pair.first} · {pair.second}", (Part(pair.score, CREWED_COLOUR, ""),))
        for pair in report.pairs[:10]
    ]
    svg = render_bars(
        bars,
        _("The best-scored pairs of agencies"),
        _("The partnership score of the ten best pairs of member agencies."),
        label_width=150,
    )
    return with_ids(svg, "partnerships")


def _changes(content: EditionContent) -> SafeString | None:
    summary = content.summary
    if not summary.previous_title:
        return None
    rows = [
        (_("added"), summary.added),
        (_("no longer listed"), summary.removed),
        (_("re-planned"), summary.replanned),
        (_("cancelled"), summary.cancelled),
        (_("agencies that joined"), summary.joined),
        (_("in this edition's record only"), summary.first_recorded),
        (_("in the previous record only"), summary.no_longer_recorded),
    ]
    bars = [Bar(label, (Part(count, CREWED_COLOUR, ""),)) for label, count in rows]
    svg = render_bars(
        bars,
        _("What changed since the previous edition"),
        _("How many missions and agencies changed, by kind of change."),
    )
    return with_ids(svg, "changes")
