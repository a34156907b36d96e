"""Checks that span records: unique keys, references that resolve, no cycles."""

from __future__ import annotations

import graphlib
from typing import Any

from django.db import models

from ger.dataset.edition_checks import (
    check_errata,
    check_known_since,
    check_published_editions,
)
from ger.dataset.fields import Problem
from ger.dataset.mission_references import (
    KnownNames,
    check_mission_references,
    report_problem,
    resolve_reference,
)
from ger.dataset.reading import DataSet
from ger.editions.models import Edition
from ger.objectives.models import Goal, Objective, Theme
from ger.plans.models import Capability, Dependency, Destination, Mission
from ger.registry.models import Agency

KEYS = {
    "agencies": "code",
    "destinations": "slug",
    "capabilities": "code",
    "themes": "code",
    "goals": "code",
    "objectives": "code",
    "editions": "code",
    "missions": "slug",
}


def check_references(dataset: DataSet) -> None:
    """Add every duplicate key and every unresolved reference to the problems."""
    problems = dataset.problems
    for section, key in KEYS.items():
        _check_unique(dataset[section], key, problems)
    _check_unique(dataset["editions"], "slug", problems)
    known = _known_names(dataset)
    _check_destination_tree(dataset, known.destinations, problems)
    for objective in dataset["objectives"]:
        resolve_reference(objective, "goal", known.goals, "goal", problems)
        resolve_reference(objective, "theme", known.themes, "theme", problems)
    _resolve_participating_agencies(dataset, known.agencies, problems)
    for mission in dataset["missions"]:
        check_mission_references(mission, known, problems)
    _check_dependencies(dataset, known.missions, problems)
    _check_cycles(dataset, problems)
    check_published_editions(dataset, problems)
    check_errata(dataset, known.editions, problems)
    check_known_since(dataset)


def _known_names(dataset: DataSet) -> KnownNames:
    """Return the keys of each section, loaded now or stored before."""
    return KnownNames(
        agencies=_agency_names(dataset),
        destinations=_keys(dataset, "destinations", Destination.objects),
        goals=_keys(dataset, "goals", Goal.objects),
        themes=_keys(dataset, "themes", Theme.objects),
        objectives=_keys(dataset, "objectives", Objective.objects),
        capabilities=_keys(dataset, "capabilities", Capability.objects),
        editions=_keys(dataset, "editions", Edition.objects),
        missions=_keys(dataset, "missions", Mission.objects),
    )


def _keys(dataset: DataSet, section: str, stored: models.Manager[Any]) -> set[str]:
    """Return the keys of a section's records and of the ones stored before."""
    key = KEYS[section]
    loaded = {record[key] for record in dataset[section] if record.get(key)}
    return loaded | set(stored.values_list(key, flat=True))


def _check_unique(
    records: list[dict[str, Any]], key: str, problems: list[Problem]
) -> None:
    seen: dict[str, dict[str, Any]] = {}
    for record in records:
        value = record.get(key)
        if not value:
            continue
        if value in seen:
            first = seen[value]
            report_problem(
                record,
                key,
                f"duplicate {key} {value!r} (first at {first['file']}:{first['line']})",
                problems,
            )
        else:
            seen[value] = record


def _agency_names(dataset: DataSet) -> dict[str, str]:
    """Return every name an agency can be referred by (code or former name) → code."""
    names: dict[str, str] = {}
    for code, former in Agency.objects.values_list("code", "former_names"):
        names.update(dict.fromkeys(former, code))
        names[code] = code
    for agency in dataset["agencies"]:
        names.update(dict.fromkeys(agency["former_names"], agency["code"]))
    for agency in dataset["agencies"]:
        names[agency["code"]] = agency["code"]
    return names


def _check_destination_tree(
    dataset: DataSet, known: set[str], problems: list[Problem]
) -> None:
    parents = dict(Destination.objects.values_list("slug", "parent__slug"))
    for destination in dataset["destinations"]:
        resolve_reference(destination, "parent", known, "destination", problems)
        parents[destination["slug"]] = destination["parent"]
    for destination in dataset["destinations"]:
        seen, current = {destination["slug"]}, destination["parent"]
        while current:
            if current in seen:
                report_problem(
                    destination,
                    "parent",
                    f"destination tree has a cycle through {current!r}",
                    problems,
                )
                break
            seen.add(current)
            current = parents.get(current)


def _resolve_participating_agencies(
    dataset: DataSet, agencies: dict[str, str], problems: list[Problem]
) -> None:
    """Replace the agencies each edition names by their codes; report unknown ones."""
    for edition in dataset["editions"]:
        resolved = []
        for code in edition["participating_agencies"]:
            if code in agencies:
                resolved.append(agencies[code])
            else:
                report_problem(
                    edition,
                    "participating_agencies",
                    f"unknown agency {code!r}",
                    problems,
                )
        edition["participating_agencies"] = resolved


def _check_dependencies(
    dataset: DataSet, missions: set[str], problems: list[Problem]
) -> None:
    """Report a dependency listed twice, on an unknown mission or on itself."""
    seen_links: set[tuple[str, str, str]] = set()
    for dependency in dataset["dependencies"]:
        link = (dependency["upstream"], dependency["downstream"], dependency["kind"])
        if link in seen_links:
            report_problem(
                dependency,
                "kind",
                f"{link[0]} → {link[1]} ({link[2]}) is listed twice",
                problems,
            )
        seen_links.add(link)
        for end in ("upstream", "downstream"):
            field = "from" if end == "upstream" else "to"
            if dependency[end] and dependency[end] not in missions:
                report_problem(
                    dependency, field, f"unknown mission {dependency[end]!r}", problems
                )
        if (
            dependency["upstream"]
            and dependency["upstream"] == dependency["downstream"]
        ):
            report_problem(
                dependency, "to", "a mission cannot depend on itself", problems
            )


def _check_cycles(dataset: DataSet, problems: list[Problem]) -> None:
    graph: dict[str, set[str]] = {}
    for upstream, downstream in Dependency.objects.values_list(
        "upstream__slug", "downstream__slug"
    ):
        graph.setdefault(downstream, set()).add(upstream)
    for dependency in dataset["dependencies"]:
        if dependency["upstream"] and dependency["downstream"]:
            graph.setdefault(dependency["downstream"], set()).add(
                dependency["upstream"]
            )
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as error:
        cycle = list(reversed(error.args[1]))
        members = set(cycle)
        culprit = next(
            # Blame the last listed edge of the cycle: the one that closed it.
            (
                d
                for d in reversed(dataset["dependencies"])
                if d["upstream"] in members and d["downstream"] in members
            ),
            None,
        )
        message = "dependencies form a cycle: " + " → ".join(cycle)
        if culprit is None:
            problems.append(Problem("(database)", 0, "dependencies", message))
        else:
            report_problem(culprit, "to", message, problems)
