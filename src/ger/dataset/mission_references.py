"""The references a mission record makes: agencies, places, objectives, editions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ger.dataset.fields import Problem


@dataclass(frozen=True)
class KnownNames:
    """Every key a reference may name: in the records loaded or already stored."""

    # Every name an agency can be referred by (code or former name) → its code.
    agencies: dict[str, str]
    destinations: set[str]
    goals: set[str]
    themes: set[str]
    objectives: set[str]
    capabilities: set[str]
    editions: set[str]
    missions: set[str]


def report_problem(
    record: dict[str, Any],
    field: str,
    message: str,
    problems: list[Problem],
    line: int | None = None,
) -> None:
    """Add a problem with a field of a record read from a file (at its line)."""
    line = line or record.get("lines", {}).get(field.split(".")[0]) or record["line"]
    problems.append(
        Problem(record["file"], line, f"{record['label']}.{field}", message)
    )


def resolve_reference(
    record: dict[str, Any],
    field: str,
    known: set[str],
    what: str,
    problems: list[Problem],
    line: int | None = None,
) -> None:
    """Report the key a field names unless it is known."""
    value = record.get(field)
    if value and value not in known:
        report_problem(record, field, f"unknown {what} {value!r}", problems, line)


def check_mission_references(
    mission: dict[str, Any], known: KnownNames, problems: list[Problem]
) -> None:
    """Resolve the agencies a mission names to codes; report each unknown reference."""
    if mission["lead"]:
        if mission["lead"] in known.agencies:
            mission["lead"] = known.agencies[mission["lead"]]
        else:
            report_problem(
                mission, "lead", f"unknown agency {mission['lead']!r}", problems
            )
    _check_partners(mission, known.agencies, problems)
    resolve_reference(
        mission, "destination", known.destinations, "destination", problems
    )
    _check_objectives_and_capabilities(mission, known, problems)
    for plan in mission["plans"]:
        if plan["edition"] not in known.editions:
            report_problem(
                mission,
                f"plans.{plan['edition']}",
                f"unknown edition {plan['edition']!r}",
                problems,
                plan["line"],
            )
        _check_statement(mission, plan, known, problems)
    _check_editions_named(mission, known.editions, problems)


def _check_partners(
    mission: dict[str, Any], agencies: dict[str, str], problems: list[Problem]
) -> None:
    seen_partners = set()
    for partner in mission["partners"]:
        code = agencies.get(partner["agency"])
        if partner["agency"] and code is None:
            report_problem(
                mission,
                "partners",
                f"unknown agency {partner['agency']!r}",
                problems,
                partner["line"],
            )
            continue
        if code in seen_partners:
            report_problem(
                mission,
                "partners",
                f"agency {code!r} is listed twice",
                problems,
                partner["line"],
            )
        if code == mission["lead"]:
            report_problem(
                mission,
                "partners",
                f"{code!r} leads the mission and cannot also be a partner",
                problems,
                partner["line"],
            )
        seen_partners.add(code)
        partner["agency"] = code


def _check_objectives_and_capabilities(
    mission: dict[str, Any], known: KnownNames, problems: list[Problem]
) -> None:
    for link in mission["objectives"]:
        if link["objective"] and link["objective"] not in known.objectives:
            report_problem(
                mission,
                "objectives",
                f"unknown objective {link['objective']!r}",
                problems,
                link["line"],
            )
    for link in mission["capabilities"]:
        if link["capability"] and link["capability"] not in known.capabilities:
            report_problem(
                mission,
                link["direction"],
                f"unknown capability {link['capability']!r}",
                problems,
                link["line"],
            )


def _check_statement(
    mission: dict[str, Any],
    plan: dict[str, Any],
    known: KnownNames,
    problems: list[Problem],
) -> None:
    """Resolve the agencies, destination and objectives one statement names."""
    where = f"plans.{plan['edition']}"
    agencies = known.agencies

    def report(field: str, message: str) -> None:
        report_problem(mission, f"{where}.{field}", message, problems, plan["line"])

    if plan["lead_code"]:
        if plan["lead_code"] in agencies:
            plan["lead_code"] = agencies[plan["lead_code"]]
        else:
            report("lead", f"unknown agency {plan['lead_code']!r}")
    for partner in plan["partners"] or []:
        if partner["agency"] in agencies:
            partner["agency"] = agencies[partner["agency"]]
        else:
            report("partners", f"unknown agency {partner['agency']!r}")
    if plan["destination_slug"] and plan["destination_slug"] not in known.destinations:
        report("destination", f"unknown destination {plan['destination_slug']!r}")
    for code in plan["objective_codes"] or []:
        if code not in known.objectives:
            report("objectives", f"unknown objective {code!r}")


def _check_editions_named(
    mission: dict[str, Any], editions: set[str], problems: list[Problem]
) -> None:
    """Report the unknown editions a mission's listings and statements name."""
    for code in mission["in_editions"]:
        if code not in editions:
            report_problem(
                mission, "in_editions", f"unknown edition {code!r}", problems
            )
    for statement in mission["statements"]:
        code = statement["nearest_edition"]
        if code and code not in editions:
            report_problem(
                mission,
                "statements",
                f"nearest_edition: unknown edition {code!r}",
                problems,
                statement["line"],
            )
