"""Checks that span records: unique keys, references that resolve, no cycles."""

from __future__ import annotations

import graphlib
from collections.abc import Iterable
from typing import Any

from ger.dataset.fields import Problem
from ger.dataset.reading import DataSet
from ger.editions.models import Edition, EditionPlan
from ger.objectives.models import Goal, Objective, Theme
from ger.plandates import PlanDate
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
    agencies = _agency_names(dataset)
    destinations = _names(
        dataset["destinations"],
        "slug",
        Destination.objects.values_list("slug", flat=True),
    )
    goals = _names(
        dataset["goals"], "code", Goal.objects.values_list("code", flat=True)
    )
    themes = _names(
        dataset["themes"], "code", Theme.objects.values_list("code", flat=True)
    )
    objectives = _names(
        dataset["objectives"], "code", Objective.objects.values_list("code", flat=True)
    )
    capabilities = _names(
        dataset["capabilities"],
        "code",
        Capability.objects.values_list("code", flat=True),
    )
    editions = _names(
        dataset["editions"], "code", Edition.objects.values_list("code", flat=True)
    )
    missions = _names(
        dataset["missions"], "slug", Mission.objects.values_list("slug", flat=True)
    )

    _check_destination_tree(dataset, destinations, problems)
    for objective in dataset["objectives"]:
        _resolve(objective, "goal", goals, "goal", problems)
        _resolve(objective, "theme", themes, "theme", problems)
    for edition in dataset["editions"]:
        resolved = []
        for code in edition["participating_agencies"]:
            if code in agencies:
                resolved.append(agencies[code])
            else:
                _report(
                    edition,
                    "participating_agencies",
                    f"unknown agency {code!r}",
                    problems,
                )
        edition["participating_agencies"] = resolved
    for mission in dataset["missions"]:
        _check_mission(
            mission,
            agencies,
            destinations,
            objectives,
            capabilities,
            editions,
            problems,
        )
    seen_links: set[tuple[str, str, str]] = set()
    for dependency in dataset["dependencies"]:
        link = (dependency["upstream"], dependency["downstream"], dependency["kind"])
        if link in seen_links:
            _report(
                dependency,
                "kind",
                f"{link[0]} → {link[1]} ({link[2]}) is listed twice",
                problems,
            )
        seen_links.add(link)
        for end in ("upstream", "downstream"):
            field = "from" if end == "upstream" else "to"
            if dependency[end] and dependency[end] not in missions:
                _report(
                    dependency, field, f"unknown mission {dependency[end]!r}", problems
                )
        if (
            dependency["upstream"]
            and dependency["upstream"] == dependency["downstream"]
        ):
            _report(dependency, "to", "a mission cannot depend on itself", problems)
    _check_cycles(dataset, problems)
    _check_published_editions(dataset, problems)
    _check_errata(dataset, editions, problems)
    check_known_since(dataset)


def _report(
    record: dict[str, Any],
    field: str,
    message: str,
    problems: list[Problem],
    line: int | None = None,
) -> None:
    line = line or record.get("lines", {}).get(field.split(".")[0]) or record["line"]
    problems.append(
        Problem(record["file"], line, f"{record['label']}.{field}", message)
    )


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
            _report(
                record,
                key,
                f"duplicate {key} {value!r} (first at {first['file']}:{first['line']})",
                problems,
            )
        else:
            seen[value] = record


def _names(records: list[dict[str, Any]], key: str, stored: Iterable[str]) -> set[str]:
    return {record[key] for record in records if record.get(key)} | set(stored)


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


def _resolve(
    record: dict[str, Any],
    field: str,
    known: set[str],
    what: str,
    problems: list[Problem],
    line: int | None = None,
) -> None:
    value = record.get(field)
    if value and value not in known:
        _report(record, field, f"unknown {what} {value!r}", problems, line)


def _check_destination_tree(
    dataset: DataSet, known: set[str], problems: list[Problem]
) -> None:
    parents = dict(Destination.objects.values_list("slug", "parent__slug"))
    for destination in dataset["destinations"]:
        _resolve(destination, "parent", known, "destination", problems)
        parents[destination["slug"]] = destination["parent"]
    for destination in dataset["destinations"]:
        seen, current = {destination["slug"]}, destination["parent"]
        while current:
            if current in seen:
                _report(
                    destination,
                    "parent",
                    f"destination tree has a cycle through {current!r}",
                    problems,
                )
                break
            seen.add(current)
            current = parents.get(current)


def _check_mission(
    mission: dict[str, Any],
    agencies: dict[str, str],
    destinations: set[str],
    objectives: set[str],
    capabilities: set[str],
    editions: set[str],
    problems: list[Problem],
) -> None:
    if mission["lead"]:
        if mission["lead"] in agencies:
            mission["lead"] = agencies[mission["lead"]]
        else:
            _report(mission, "lead", f"unknown agency {mission['lead']!r}", problems)
    seen_partners = set()
    for partner in mission["partners"]:
        code = agencies.get(partner["agency"])
        if partner["agency"] and code is None:
            _report(
                mission,
                "partners",
                f"unknown agency {partner['agency']!r}",
                problems,
                partner["line"],
            )
            continue
        if code in seen_partners:
            _report(
                mission,
                "partners",
                f"agency {code!r} is listed twice",
                problems,
                partner["line"],
            )
        if code == mission["lead"]:
            _report(
                mission,
                "partners",
                f"{code!r} leads the mission and cannot also be a partner",
                problems,
                partner["line"],
            )
        seen_partners.add(code)
        partner["agency"] = code
    _resolve(mission, "destination", destinations, "destination", problems)
    for link in mission["objectives"]:
        if link["objective"] and link["objective"] not in objectives:
            _report(
                mission,
                "objectives",
                f"unknown objective {link['objective']!r}",
                problems,
                link["line"],
            )
    for link in mission["capabilities"]:
        if link["capability"] and link["capability"] not in capabilities:
            _report(
                mission,
                link["direction"],
                f"unknown capability {link['capability']!r}",
                problems,
                link["line"],
            )
    for plan in mission["plans"]:
        if plan["edition"] not in editions:
            _report(
                mission,
                f"plans.{plan['edition']}",
                f"unknown edition {plan['edition']!r}",
                problems,
                plan["line"],
            )
        _check_statement(mission, plan, agencies, destinations, objectives, problems)
    for code in mission["in_editions"]:
        if code not in editions:
            _report(mission, "in_editions", f"unknown edition {code!r}", problems)
    for statement in mission["statements"]:
        code = statement["nearest_edition"]
        if code and code not in editions:
            _report(
                mission,
                "statements",
                f"nearest_edition: unknown edition {code!r}",
                problems,
                statement["line"],
            )


def _check_statement(
    mission: dict[str, Any],
    plan: dict[str, Any],
    agencies: dict[str, str],
    destinations: set[str],
    objectives: set[str],
    problems: list[Problem],
) -> None:
    """Resolve the agencies, destination and objectives one statement names."""
    where = f"plans.{plan['edition']}"

    def report(field: str, message: str) -> None:
        _report(mission, f"{where}.{field}", message, problems, plan["line"])

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
    if plan["destination_slug"] and plan["destination_slug"] not in destinations:
        report("destination", f"unknown destination {plan['destination_slug']!r}")
    for code in plan["objective_codes"] or []:
        if code not in objectives:
            report("objectives", f"unknown objective {code!r}")


def check_known_since(dataset: DataSet) -> None:
    """Refuse a statement for an edition released before the statement was known."""
    released = {
        code: PlanDate.from_parts(on, precision)
        for code, on, precision in Edition.objects.values_list(
            "code", "released_on", "released_precision"
        )
    }
    released.update(
        {
            record["code"]: PlanDate.from_parts(
                record["released_on"], record["released_precision"]
            )
            for record in dataset["editions"]
        }
    )
    # A first issue shipped as it was published is a record of its day, errors
    # included; it is corrected by a re-issue, never changed.
    frozen = {r["code"] for r in dataset["editions"] if r["frozen_snapshot"]}
    frozen |= set(Edition.objects.published().values_list("code", flat=True))
    for mission in dataset["missions"]:
        for plan in mission["plans"]:
            if plan["edition"] in frozen:
                continue
            edition = released.get(plan["edition"])
            known = PlanDate.from_parts(plan["known_on"], plan["known_precision"])
            if edition is None or known is None or known.start <= edition.end:
                continue
            _report(
                mission,
                f"plans.{plan['edition']}.known_since",
                f"{known} is after the release of {plan['edition']} ({edition}): "
                "an edition holds nothing learned after its day",
                dataset.problems,
                plan["line"],
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
            _report(culprit, "to", message, problems)


def _check_errata(
    dataset: DataSet, editions: set[str], problems: list[Problem]
) -> None:
    """A re-issue corrects a known edition, and no edition is corrected twice."""
    corrected: dict[str, str] = {}
    for record in dataset["editions"]:
        original = record["supersedes"]
        if not original:
            continue
        if original not in editions:
            _report(record, "supersedes", f"unknown edition {original!r}", problems)
        elif original == record["code"]:
            _report(record, "supersedes", "an edition cannot correct itself", problems)
        elif original in corrected:
            _report(
                record,
                "supersedes",
                f"{original} is already corrected by {corrected[original]}",
                problems,
            )
        corrected[original] = record["code"]


def _check_published_editions(dataset: DataSet, problems: list[Problem]) -> None:
    published = {edition.code: edition for edition in Edition.objects.published()}
    for record in dataset["editions"]:
        stored = published.get(record["code"])
        if stored is None:
            continue
        changed = [
            name
            for name in (
                "slug",
                "title",
                "kind",
                "released_on",
                "released_precision",
                "status",
                "participating_count",
                "participating_agencies",
                "themes",
                "notes",
                "uncertain",
                "uncertain_note",
                "sources",
            )
            if getattr(stored, name) != record[name]
        ]
        if changed:
            _report(
                record,
                changed[0],
                f"edition {record['code']} is published and cannot change "
                f"({', '.join(changed)} differ)",
                problems,
            )
    stored_plans = {
        (plan.edition.code, plan.mission.slug): plan
        for plan in _published_plans(set(published))
    }
    for mission in dataset["missions"]:
        if "plans" not in mission["present"]:
            continue
        listed = {plan["edition"] for plan in mission["plans"]}
        for (code, slug), _stored in stored_plans.items():
            if slug == mission["slug"] and code not in listed:
                _report(
                    mission,
                    "plans",
                    f"edition {code} is published: its plan for "
                    f"{slug!r} cannot be removed",
                    problems,
                )
        for plan in mission["plans"]:
            if plan["edition"] not in published:
                continue
            stored_plan = stored_plans.get((plan["edition"], mission["slug"]))
            if stored_plan is None or _plan_values(stored_plan) != _plan_record(plan):
                _report(
                    mission,
                    f"plans.{plan['edition']}",
                    f"edition {plan['edition']} is published: its plans cannot change",
                    problems,
                    plan["line"],
                )


def _published_plans(codes: set[str]) -> Iterable[EditionPlan]:
    return EditionPlan.objects.filter(edition__code__in=codes).select_related(
        "edition", "mission"
    )


PLAN_FIELDS = (
    "launch_on",
    "launch_precision",
    "launch_qualifier",
    "statement",
    "in_edition",
    "basis",
    "source_date",
    "status",
    "note",
    "uncertain",
    "sources",
)


def _plan_values(plan: Any) -> dict[str, Any]:
    return {name: getattr(plan, name) for name in PLAN_FIELDS}


def _plan_record(plan: dict[str, Any]) -> dict[str, Any]:
    return {name: plan[name] for name in PLAN_FIELDS}
