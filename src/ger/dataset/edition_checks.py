"""Checks of the editions a load names: published ones stay as they are, errata
correct a known edition once, and no edition holds what was learned after its day."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ger.dataset.fields import Problem
from ger.dataset.mission_references import report_problem
from ger.dataset.reading import DataSet
from ger.editions.models import Edition, EditionPlan
from ger.plandates import PlanDate

# The fields of an edition record that a published edition holds fixed.
EDITION_FIELDS = (
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
            report_problem(
                mission,
                f"plans.{plan['edition']}.known_since",
                f"{known} is after the release of {plan['edition']} ({edition}): "
                "an edition holds nothing learned after its day",
                dataset.problems,
                plan["line"],
            )


def check_errata(dataset: DataSet, editions: set[str], problems: list[Problem]) -> None:
    """A re-issue corrects a known edition, and no edition is corrected twice."""
    corrected: dict[str, str] = {}
    for record in dataset["editions"]:
        original = record["supersedes"]
        if not original:
            continue
        if original not in editions:
            report_problem(
                record, "supersedes", f"unknown edition {original!r}", problems
            )
        elif original == record["code"]:
            report_problem(
                record, "supersedes", "an edition cannot correct itself", problems
            )
        elif original in corrected:
            report_problem(
                record,
                "supersedes",
                f"{original} is already corrected by {corrected[original]}",
                problems,
            )
        corrected[original] = record["code"]


def check_published_editions(dataset: DataSet, problems: list[Problem]) -> None:
    """Refuse a change to a published edition or to the plans it states."""
    published = {edition.code: edition for edition in Edition.objects.published()}
    for record in dataset["editions"]:
        stored = published.get(record["code"])
        if stored is None:
            continue
        changed = [
            name for name in EDITION_FIELDS if getattr(stored, name) != record[name]
        ]
        if changed:
            report_problem(
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
        if "plans" in mission["present"]:
            _check_published_plans(mission, set(published), stored_plans, problems)


def _check_published_plans(
    mission: dict[str, Any],
    published: set[str],
    stored_plans: dict[tuple[str, str], EditionPlan],
    problems: list[Problem],
) -> None:
    """Refuse a published edition's plan for a mission removed or changed."""
    listed = {plan["edition"] for plan in mission["plans"]}
    for code, slug in stored_plans:
        if slug == mission["slug"] and code not in listed:
            report_problem(
                mission,
                "plans",
                f"edition {code} is published: its plan for {slug!r} cannot be removed",
                problems,
            )
    for plan in mission["plans"]:
        if plan["edition"] not in published:
            continue
        stored_plan = stored_plans.get((plan["edition"], mission["slug"]))
        if stored_plan is None or _plan_values(stored_plan) != _plan_record(plan):
            report_problem(
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


def _plan_values(plan: Any) -> dict[str, Any]:
    return {name: getattr(plan, name) for name in PLAN_FIELDS}


def _plan_record(plan: dict[str, Any]) -> dict[str, Any]:
    return {name: plan[name] for name in PLAN_FIELDS}
