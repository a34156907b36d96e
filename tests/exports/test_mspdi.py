"""The MS Project XML (MSPDI) roadmap, parsed back and checked against the schema's order."""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET

from ger.exports.mspdi import render_mspdi
from ger.exports.roadmap import Link
from ger.plans.models import Dependency
from tests.exports.conftest import planned, roadmap

NS = "{http://schemas.microsoft.com/project}"

# The <xsd:sequence> orders of mspdi_pj12.xsd (Project 2007), the children GER may use.
PROJECT_ORDER = [
    "SaveVersion", "UID", "Name", "Title", "Subject", "Category", "Company",
    "Manager", "Author", "CreationDate", "Revision", "LastSaved",
    "ScheduleFromStart", "StartDate", "FinishDate", "FYStartDate",
    "CriticalSlackLimit", "CurrencyDigits", "CurrencySymbol", "CurrencyCode",
    "CurrencySymbolPosition", "CalendarUID", "DefaultStartTime",
    "DefaultFinishTime", "MinutesPerDay", "MinutesPerWeek", "DaysPerMonth",
    "DefaultTaskType", "DefaultFixedCostAccrual", "DefaultStandardRate",
    "DefaultOvertimeRate", "DurationFormat", "WorkFormat", "EditableActualCosts",
    "HonorConstraints", "EarnedValueMethod", "InsertedProjectsLikeSummary",
    "MultipleCriticalPaths", "NewTasksEffortDriven", "NewTasksEstimated",
    "SplitsInProgressTasks", "SpreadActualCost", "SpreadPercentComplete",
    "TaskUpdatesResource", "FiscalYearStart", "WeekStartDay",
    "MoveCompletedEndsBack", "MoveRemainingStartsBack",
    "MoveRemainingStartsForward", "MoveCompletedEndsForward",
    "BaselineForEarnedValue", "AutoAddNewResourcesAndTasks", "StatusDate",
    "CurrentDate", "MicrosoftProjectServerURL", "Autolink", "NewTaskStartDate",
    "DefaultTaskEVMethod", "ProjectExternallyEdited", "ExtendedCreationDate",
    "ActualsInSync", "RemoveFileProperties", "AdminProject", "OutlineCodes",
    "WBSMasks", "ExtendedAttributes", "Calendars", "Tasks", "Resources",
    "Assignments",
]  # fmt: skip
PROJECT_REQUIRED = {"SaveVersion", "CurrencyCode"}
TASK_ORDER = [
    "UID", "ID", "Name", "Type", "IsNull", "CreateDate", "Contact", "WBS",
    "WBSLevel", "OutlineNumber", "OutlineLevel", "Priority", "Start", "Finish",
    "Duration", "DurationFormat", "Work", "Stop", "Resume", "ResumeValid",
    "EffortDriven", "Recurring", "OverAllocated", "Estimated", "Milestone",
    "Summary", "Critical", "IsSubproject", "IsSubprojectReadOnly",
    "SubprojectName", "ExternalTask", "ExternalTaskProject", "EarlyStart",
    "EarlyFinish", "LateStart", "LateFinish", "StartVariance", "FinishVariance",
    "WorkVariance", "FreeSlack", "TotalSlack", "FixedCost", "FixedCostAccrual",
    "PercentComplete", "PercentWorkComplete", "Cost", "OvertimeCost",
    "OvertimeWork", "ActualStart", "ActualFinish", "ActualDuration",
    "ActualCost", "ActualOvertimeCost", "ActualWork", "ActualOvertimeWork",
    "RegularWork", "RemainingDuration", "RemainingCost", "RemainingWork",
    "RemainingOvertimeCost", "RemainingOvertimeWork", "ACWP", "CV",
    "ConstraintType", "CalendarUID", "ConstraintDate", "Deadline",
    "LevelAssignments", "LevelingCanSplit", "LevelingDelay",
    "LevelingDelayFormat", "PreLeveledStart", "PreLeveledFinish", "Hyperlink",
    "HyperlinkAddress", "HyperlinkSubAddress", "IgnoreResourceCalendar", "Notes",
    "HideBar", "Rollup", "BCWS", "BCWP", "PhysicalPercentComplete",
    "EarnedValueMethod", "PredecessorLink", "ActualWorkProtected",
    "ActualOvertimeWorkProtected", "ExtendedAttribute", "Baseline", "OutlineCode",
    "IsPublished", "StatusManager", "CommitmentStart", "CommitmentFinish",
    "CommitmentType", "TimephasedData",
]  # fmt: skip
TASK_REQUIRED = {"UID"}
TASK_REPEATABLE = {
    "PredecessorLink",
    "ExtendedAttribute",
    "Baseline",
    "OutlineCode",
    "TimephasedData",
}
LINK_ORDER = [
    "PredecessorUID",
    "Type",
    "CrossProject",
    "CrossProjectName",
    "LinkLag",
    "LagFormat",
]
ATTRIBUTE_DEFINITION_ORDER = [
    "FieldID", "FieldName", "CFType", "Guid", "ElemType", "MaxMultiValues",
    "UserDef", "Alias", "SecondaryPID", "AutoRollDown", "DefaultGuid", "Ltuid",
    "PhoneticAlias", "RollupType", "CalculationType", "Formula", "RestrictValues",
    "ValuelistSortOrder", "AppendNewValues", "Default", "ValueList",
]  # fmt: skip
ATTRIBUTE_VALUE_ORDER = ["FieldID", "Value", "ValueGUID", "DurationFormat"]


def local(element: ET.Element) -> str:
    assert element.tag.startswith(NS), f"{element.tag} is outside the MSPDI namespace"
    return element.tag[len(NS) :]


def order_problems(
    element: ET.Element,
    order: list[str],
    required: set[str] = frozenset(),
    repeatable: set[str] = frozenset(),
) -> list[str]:
    """Return how ``element``'s children break the schema's sequence."""
    names = [local(child) for child in element]
    problems = [f"{name} is not in the schema" for name in names if name not in order]
    furthest = -1
    for name in names:
        position = order.index(name) if name in order else furthest
        if position < furthest or (position == furthest and name not in repeatable):
            problems.append(f"{name} is out of order in {local(element)}")
        furthest = max(furthest, position)
    problems += [f"{name} is missing" for name in required if name not in names]
    return problems


def parse(content: bytes) -> ET.Element:
    root = ET.fromstring(content)
    assert root.tag == f"{NS}Project"
    return root


def all_order_problems(root: ET.Element) -> list[str]:
    problems = order_problems(root, PROJECT_ORDER, PROJECT_REQUIRED)
    for definition in root.iter(f"{NS}ExtendedAttributes"):
        for attribute in definition:
            problems += order_problems(attribute, ATTRIBUTE_DEFINITION_ORDER)
    for task in root.iter(f"{NS}Task"):
        problems += order_problems(task, TASK_ORDER, TASK_REQUIRED, TASK_REPEATABLE)
        for link in task.findall(f"{NS}PredecessorLink"):
            problems += order_problems(link, LINK_ORDER)
        for value in task.findall(f"{NS}ExtendedAttribute"):
            problems += order_problems(value, ATTRIBUTE_VALUE_ORDER)
    return problems


def tasks_by_name(root: ET.Element) -> dict[str, ET.Element]:
    return {task.findtext(f"{NS}Name"): task for task in root.iter(f"{NS}Task")}


def test_the_order_check_catches_a_misplaced_element():
    task = ET.fromstring(
        f'<Task xmlns="{NS[1:-1]}"><UID>1</UID><Start/><Name/><Start/></Task>'
    )
    assert order_problems(task, TASK_ORDER, TASK_REQUIRED, TASK_REPEATABLE) == [
        "Name is out of order in Task",
        "Start is out of order in Task",
    ]


def test_the_current_roadmap_follows_the_schema_order(client, seeded):
    response = client.get("/exports/roadmap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"')
    root = parse(response.content)
    assert all_order_problems(root) == []
    assert len(root.findall(f"{NS}Tasks/{NS}Task")) > 20


def test_an_edition_roadmap_follows_the_schema_order(client, seeded):
    content = client.get("/editions/2020-supplement/export/roadmap.xml").content
    root = parse(content)
    assert all_order_problems(root) == []
    assert "(GER-SUPP-2020)" in root.findtext(f"{NS}Title")


def test_a_day_is_a_milestone_and_a_year_spans_its_working_days():
    root = parse(
        render_mspdi(
            roadmap(planned("lander", "2026-08-12"), planned("rover", "NET 2028")),
            "x.xml",
        ).content
    )
    tasks = tasks_by_name(root)
    lander, rover = tasks["Lander"], tasks["Rover"]
    assert lander.findtext(f"{NS}Milestone") == "1"
    assert lander.findtext(f"{NS}Duration") == "PT0H0M0S"
    assert lander.findtext(f"{NS}Start") == "2026-08-12T08:00:00"
    assert rover.findtext(f"{NS}Milestone") == "0"
    assert rover.findtext(f"{NS}Estimated") == "1"
    # 2028 starts on a Saturday: its first working day is Monday 3 January.
    assert rover.findtext(f"{NS}Start") == "2028-01-03T08:00:00"
    assert rover.findtext(f"{NS}Finish") == "2028-12-29T17:00:00"
    assert rover.findtext(f"{NS}Duration") == f"PT{260 * 8}H0M0S"
    assert rover.findtext(f"{NS}ConstraintType") == "4"  # start no earlier than
    assert "no earlier than 2028 (year precision)" in rover.findtext(f"{NS}Notes")


def test_a_no_later_than_plan_gets_a_deadline_and_a_launch_is_complete():
    root = parse(
        render_mspdi(
            roadmap(
                planned("orbiter", "NLT 2026-Q3"),
                planned("probe", "2024", actual_text="2025-01-15"),
            ),
            "x.xml",
        ).content
    )
    tasks = tasks_by_name(root)
    assert tasks["Orbiter"].findtext(f"{NS}Deadline") == "2026-09-30T17:00:00"
    probe = tasks["Probe"]
    assert probe.findtext(f"{NS}PercentComplete") == "100"
    assert probe.findtext(f"{NS}ActualStart") == "2025-01-15T08:00:00"
    assert probe.findtext(f"{NS}ConstraintType") == "2"  # must start on


def test_missions_sit_under_a_summary_task_of_their_lead_agency():
    root = parse(
        render_mspdi(
            roadmap(planned("a", "2030", lead="ESA"), planned("b", "2031", lead="ESA")),
            "x.xml",
        ).content
    )
    tasks = list(root.iter(f"{NS}Task"))
    assert [t.findtext(f"{NS}Name") for t in tasks] == ["ESA", "A", "B"]
    assert [t.findtext(f"{NS}OutlineLevel") for t in tasks] == ["1", "2", "2"]
    assert tasks[0].findtext(f"{NS}Summary") == "1"
    assert tasks[0].findtext(f"{NS}Finish") == tasks[2].findtext(f"{NS}Finish")


def test_dependencies_are_finish_to_start_links_with_their_lag():
    links = (
        Link("a", "b", "successor", 3),
        Link("a", "b", "hardware_heritage", 1),
        Link("b", "c", "successor", 0),
        Link("c", "a", "successor", 0),  # would close a circle
        Link("undated", "c", "successor", 0),
    )
    root = parse(
        render_mspdi(
            roadmap(
                planned("a", "2026"),
                planned("b", "2027"),
                planned("c", "2028"),
                planned("undated"),
                links=links,
            ),
            "x.xml",
        ).content
    )
    tasks = tasks_by_name(root)
    uid = {name: task.findtext(f"{NS}UID") for name, task in tasks.items()}
    b_links = tasks["B"].findall(f"{NS}PredecessorLink")
    assert [link.findtext(f"{NS}PredecessorUID") for link in b_links] == [uid["A"]]
    assert b_links[0].findtext(f"{NS}Type") == "1"
    # Three months of 20 working days of 480 minutes, in tenths of a minute.
    assert b_links[0].findtext(f"{NS}LinkLag") == str(3 * 20 * 480 * 10)
    assert [
        link.findtext(f"{NS}PredecessorUID")
        for link in tasks["C"].findall(f"{NS}PredecessorLink")
    ] == [uid["B"]]
    assert tasks["A"].findall(f"{NS}PredecessorLink") == []
    assert "Undated" not in tasks


def test_every_dependency_between_dated_missions_becomes_a_link(client, seeded):
    root = parse(client.get("/exports/roadmap.xml").content)
    slug_of = {}
    for task in root.iter(f"{NS}Task"):
        for value in task.findall(f"{NS}ExtendedAttribute"):
            if value.findtext(f"{NS}FieldID") == "188743731":
                slug_of[task.findtext(f"{NS}UID")] = value.findtext(f"{NS}Value")
    linked = {
        (
            slug_of[link.findtext(f"{NS}PredecessorUID")],
            slug_of[task.findtext(f"{NS}UID")],
        )
        for task in root.iter(f"{NS}Task")
        for link in task.findall(f"{NS}PredecessorLink")
    }
    dated = set(slug_of.values())
    expected = {
        (up, down)
        for up, down in Dependency.objects.values_list(
            "upstream__slug", "downstream__slug"
        )
        if up in dated and down in dated
    }
    assert linked == expected
    assert dt.datetime.fromisoformat(root.findtext(f"{NS}StartDate"))


def test_control_characters_in_the_data_cannot_break_the_xml():
    mission = dataclasses.replace(planned("probe", "2030"), name="Probe\x0b\x00 One")
    root = parse(render_mspdi(roadmap(mission), "x.xml").content)
    assert "Probe One" in tasks_by_name(root)
