"""Build the search entries of public records (bulk for loads, one by one for edits)."""

from __future__ import annotations

from django.db import transaction

from ger.editions.models import Edition
from ger.objectives.models import Goal, Objective
from ger.plancache import plan_changed_in_bulk
from ger.plans.models import Destination, Mission
from ger.registry.models import Agency
from ger.search.models import SearchEntry

Kind = SearchEntry.Kind


def _join(*parts: object) -> str:
    return " ".join(str(part) for part in parts if part)


def agency_entry(agency: Agency) -> SearchEntry:
    return SearchEntry(
        kind=Kind.AGENCY,
        key=agency.code,
        title=f"{agency.code} — {agency.name}",
        body=_join(
            agency.name_local,
            agency.country,
            " ".join(agency.former_names),
            agency.notes,
        ),
        url=agency.get_absolute_url(),
    )


def mission_entry(mission: Mission) -> SearchEntry:
    partners = " ".join(
        _join(p.agency.code, p.agency.name) for p in mission.partnerships.all()
    )
    return SearchEntry(
        kind=Kind.MISSION,
        key=mission.slug,
        title=mission.name,
        body=_join(
            " ".join(mission.aliases),
            mission.lead.code,
            mission.lead.name,
            partners,
            mission.destination.name,
            mission.site_name,
            mission.description,
            mission.planned_launch_note,
            mission.outcome_note,
        ),
        url=mission.get_absolute_url(),
    )


def objective_entry(objective: Objective) -> SearchEntry:
    return SearchEntry(
        kind=Kind.OBJECTIVE,
        key=objective.code,
        title=f"{objective.code} {objective.title}",
        body=_join(objective.framework, objective.note),
        url="/objectives/",
    )


def goal_entry(goal: Goal) -> SearchEntry:
    return SearchEntry(
        kind=Kind.GOAL,
        key=goal.code,
        title=f"{goal.code} {goal.title}",
        body=_join(goal.description, goal.note),
        url="/objectives/",
    )


def edition_entry(edition: Edition) -> SearchEntry:
    return SearchEntry(
        kind=Kind.EDITION,
        key=edition.code,
        title=edition.title,
        body=_join(
            edition.code, edition.released, " ".join(edition.themes), edition.summary
        ),
        url=edition.get_absolute_url(),
    )


def destination_entry(destination: Destination) -> SearchEntry:
    return SearchEntry(
        kind=Kind.DESTINATION,
        key=destination.slug,
        title=destination.name,
        body=destination.description,
        url=f"/destinations/{destination.slug}/",
    )


@transaction.atomic
def rebuild_search_index() -> int:
    """Replace every search entry with fresh ones; return how many there are."""
    entries = [
        *(agency_entry(a) for a in Agency.objects.all()),
        *(mission_entry(m) for m in Mission.objects.with_related()),
        *(objective_entry(o) for o in Objective.objects.all()),
        *(goal_entry(g) for g in Goal.objects.all()),
        *(edition_entry(e) for e in Edition.objects.public()),
        *(destination_entry(d) for d in Destination.objects.all()),
    ]
    SearchEntry.objects.all().delete()
    SearchEntry.objects.bulk_create(entries, batch_size=1000)
    plan_changed_in_bulk()  # search results are part of the public plan
    return len(entries)


def replace_entry(entry: SearchEntry) -> None:
    """Store ``entry`` in place of the entry with the same kind and key."""
    SearchEntry.objects.filter(kind=entry.kind, key=entry.key).delete()
    entry.save()


def remove_entry(kind: str, key: str) -> None:
    SearchEntry.objects.filter(kind=kind, key=key).delete()
