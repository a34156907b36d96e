"""The roadmap as MS Project XML (MSPDI), with the dependencies as task links.

Each dated mission is a task under a summary task of its lead agency. A launch known
to the day is a milestone; one known only to a month, quarter or year is a task over
the working days of that period, marked estimated. Tasks keep the plan's dates as
constraints, so a scheduling tool moves a task only when an upstream one slips.
Elements follow the order of the schema's sequences (mspdi_pj12.xsd).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ger.exports.contract import Rendered
from ger.exports.roadmap import Link, PlannedMission, Roadmap
from ger.exports.wording import launch_phrase, span_note
from ger.plandates import PlanDate, Precision, Qualifier

NAMESPACE = "http://schemas.microsoft.com/project"
# Control characters that XML 1.0 cannot carry, even escaped.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MEDIA_TYPE = "application/xml"
SAVE_VERSION = 12  # the schema revision whose element order we follow
MINUTES_PER_DAY = 480
DAYS_PER_MONTH = 20
DAY_START, DAY_FINISH = dt.time(8), dt.time(17)
FINISH_TO_START = 1
LAG_FORMAT_MONTHS = 11
DURATION_FORMAT_DAYS = 7
FIXED_DURATION = 1
MUST_START_ON, START_NO_EARLIER_THAN = 2, 4
TEXT_FIELD_TYPE = 7
# Task custom fields Text1-Text3, by their Project field ids.
TEXT_FIELDS = (
    ("188743731", "Text1", gettext_noop("Mission slug")),
    ("188743734", "Text2", gettext_noop("Launch date as stated")),
    ("188743737", "Text3", gettext_noop("Destination")),
)


@dataclass
class Task:
    """One row of the Project file: a mission or an agency's summary."""

    uid: int
    name: str
    outline: str
    start: dt.datetime
    finish: dt.datetime
    summary: bool = False
    mission: PlannedMission | None = None
    predecessors: dict[int, int] = field(default_factory=dict)  # uid -> lag months


def working_days(first: dt.date, last: dt.date) -> list[dt.date]:
    """Return the Monday-to-Friday days from ``first`` to ``last`` inclusive."""
    days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5]


def task_span(date: PlanDate) -> tuple[dt.datetime, dt.datetime]:
    """Return the start and finish of a task over the date's whole period."""
    if date.precision == Precision.DAY:
        moment = dt.datetime.combine(date.start, DAY_START)
        return moment, moment
    days = working_days(date.start, date.end)
    return (
        dt.datetime.combine(days[0], DAY_START),
        dt.datetime.combine(days[-1], DAY_FINISH),
    )


def duration_hours(task: Task) -> int:
    """Return the task's working hours, as the Standard calendar counts them."""
    if task.start == task.finish:
        return 0
    return 8 * len(working_days(task.start.date(), task.finish.date()))


def build_tasks(roadmap: Roadmap) -> list[Task]:
    """Return the tasks: per lead agency a summary, then its dated missions."""
    by_lead: dict[str, list[PlannedMission]] = defaultdict(list)
    for mission in roadmap.missions:
        if mission.launch is not None:
            by_lead[mission.lead].append(mission)
    tasks: list[Task] = []
    for number, lead in enumerate(sorted(by_lead, key=str.lower), start=1):
        children = []
        for position, mission in enumerate(by_lead[lead], start=1):
            assert mission.launch is not None
            start, finish = task_span(mission.launch)
            children.append(
                Task(
                    0,
                    mission.name,
                    f"{number}.{position}",
                    start,
                    finish,
                    False,
                    mission,
                )
            )
        tasks.append(
            Task(
                0,
                lead,
                str(number),
                min(child.start for child in children),
                max(child.finish for child in children),
                summary=True,
            )
        )
        tasks.extend(children)
    for uid, task in enumerate(tasks, start=1):
        task.uid = uid
    _link(tasks, roadmap.links)
    return tasks


def _link(tasks: list[Task], links: tuple[Link, ...]) -> None:
    by_slug = {task.mission.slug: task for task in tasks if task.mission is not None}
    for link in links:
        upstream, downstream = by_slug.get(link.upstream), by_slug.get(link.downstream)
        if upstream is None or downstream is None:
            continue
        if upstream.uid in downstream.predecessors:
            # One link per pair: the longest lag is the one that binds.
            lag = downstream.predecessors[upstream.uid]
            downstream.predecessors[upstream.uid] = max(lag, link.lag_months)
        elif not _reaches(downstream.uid, upstream, tasks):
            # Project refuses circular links; a link that would close one is left out.
            downstream.predecessors[upstream.uid] = link.lag_months


def _reaches(target: int, task: Task, tasks: list[Task]) -> bool:
    by_uid = {t.uid: t for t in tasks}
    stack, seen = [task], set()
    while stack:
        current = stack.pop()
        if current.uid == target:
            return True
        if current.uid not in seen:
            seen.add(current.uid)
            stack.extend(by_uid[uid] for uid in current.predecessors)
    return False


def _add(parent: ET.Element, name: str, value: object) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NAMESPACE}}}{name}")
    if isinstance(value, bool):
        element.text = "1" if value else "0"
    elif isinstance(value, dt.datetime):
        element.text = value.strftime("%Y-%m-%dT%H:%M:%S")
    elif value is not None:
        element.text = NOT_XML.sub("", str(value))
    return element


def render_mspdi(roadmap: Roadmap, filename: str) -> Rendered:
    """Render the roadmap as an MSPDI document that MS Project can open."""
    tasks = build_tasks(roadmap)
    as_of = roadmap.as_of.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    project = ET.Element(f"{{{NAMESPACE}}}Project")
    _add(project, "SaveVersion", SAVE_VERSION)
    _add(project, "Name", filename)
    _add(
        project,
        "Title",
        (_("Global Exploration Roadmap: %(title)s") % {"title": roadmap.title})[:512],
    )
    _add(project, "Author", "GER")
    _add(project, "CreationDate", as_of)
    _add(project, "ScheduleFromStart", True)
    _add(project, "StartDate", min((t.start for t in tasks), default=as_of))
    _add(project, "FinishDate", max((t.finish for t in tasks), default=as_of))
    _add(project, "CurrencyCode", "USD")
    _add(project, "DefaultStartTime", DAY_START.isoformat())
    _add(project, "DefaultFinishTime", DAY_FINISH.isoformat())
    _add(project, "MinutesPerDay", MINUTES_PER_DAY)
    _add(project, "MinutesPerWeek", MINUTES_PER_DAY * 5)
    _add(project, "DaysPerMonth", DAYS_PER_MONTH)
    _add(project, "DefaultTaskType", FIXED_DURATION)
    _add(project, "DurationFormat", DURATION_FORMAT_DAYS)
    _add(project, "HonorConstraints", True)
    attributes = _add(project, "ExtendedAttributes", None)
    for field_id, field_name, alias in TEXT_FIELDS:
        attribute = _add(attributes, "ExtendedAttribute", None)
        _add(attribute, "FieldID", field_id)
        _add(attribute, "FieldName", field_name)
        _add(attribute, "CFType", TEXT_FIELD_TYPE)
        _add(attribute, "Alias", _(alias))
    task_list = _add(project, "Tasks", None)
    for task in tasks:
        _task(task_list, task)
    ET.indent(project)
    body = ET.tostring(project, encoding="unicode", default_namespace=NAMESPACE)
    return Rendered(filename, MEDIA_TYPE, (DECLARATION + body + "\n").encode("utf-8"))


def _task(parent: ET.Element, task: Task) -> None:
    mission, date = task.mission, task.mission.launch if task.mission else None
    element = _add(parent, "Task", None)
    _add(element, "UID", task.uid)
    _add(element, "ID", task.uid)
    _add(element, "Name", task.name[:512])
    _add(element, "Type", FIXED_DURATION)
    _add(element, "WBS", task.outline)
    _add(element, "OutlineNumber", task.outline)
    _add(element, "OutlineLevel", task.outline.count(".") + 1)
    _add(element, "Start", task.start)
    _add(element, "Finish", task.finish)
    _add(element, "Duration", f"PT{duration_hours(task)}H0M0S")
    _add(element, "DurationFormat", DURATION_FORMAT_DAYS)
    _add(element, "Estimated", date is not None and date.precision != Precision.DAY)
    _add(element, "Milestone", task.start == task.finish)
    _add(element, "Summary", task.summary)
    if mission is not None and date is not None:
        launched = mission.actual is not None
        _add(element, "PercentComplete", 100 if launched else 0)
        if launched:
            _add(element, "ActualStart", task.start)
            _add(element, "ActualFinish", task.finish)
        _add(
            element,
            "ConstraintType",
            MUST_START_ON if launched else START_NO_EARLIER_THAN,
        )
        _add(element, "ConstraintDate", task.start)
        if date.qualifier == Qualifier.NO_LATER_THAN:
            _add(element, "Deadline", dt.datetime.combine(date.end, DAY_FINISH))
        _add(element, "Notes", _notes(mission, date))
    for uid, lag_months in sorted(task.predecessors.items()):
        link = _add(element, "PredecessorLink", None)
        _add(link, "PredecessorUID", uid)
        _add(link, "Type", FINISH_TO_START)
        # Lags are in tenths of a minute of working time.
        _add(link, "LinkLag", lag_months * DAYS_PER_MONTH * MINUTES_PER_DAY * 10)
        _add(link, "LagFormat", LAG_FORMAT_MONTHS)
    if mission is not None and date is not None:
        for (field_id, _name, _alias), value in zip(
            TEXT_FIELDS, (mission.slug, str(date), mission.destination), strict=True
        ):
            attribute = _add(element, "ExtendedAttribute", None)
            _add(attribute, "FieldID", field_id)
            _add(attribute, "Value", value)


def _notes(mission: PlannedMission, date: PlanDate) -> str:
    lines = [
        capfirst(launch_phrase(mission)) + ".",
        _("Lead: %(lead)s.") % {"lead": mission.lead},
    ]
    if mission.partners:
        lines.append(_("Partners: %(codes)s.") % {"codes": ", ".join(mission.partners)})
    if mission.statement:
        lines.append(_("As stated: %(text)s") % {"text": mission.statement})
    note = span_note(date)
    if note:
        lines.append(note)
    return "\n".join(lines)
