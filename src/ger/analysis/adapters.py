"""Build the analyses' plain inputs from the database: the only module using models.

Every builder runs a fixed number of bulk queries (``values_list``, no model
instances, no query per row), whatever the number of missions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from ger.analysis.model import (
    Dependency,
    History,
    ObjectiveInfo,
    ObjectiveLink,
    PlanItem,
    PlanRecord,
    Portfolio,
    Site,
    Window,
)
from ger.editions.models import Edition, EditionPlan
from ger.objectives.models import Objective
from ger.plandates import PlanDate
from ger.plans.models import (
    Capability,
    Destination,
    Mission,
    MissionCapability,
    MissionObjective,
    MissionPartner,
)
from ger.plans.models import Dependency as DependencyRow
from ger.registry.models import Agency

MISSION_FIELDS = (
    "id",
    "slug",
    "name",
    "lead__code",
    "destination__slug",
    "crewed",
    "kind",
    "status",
    "planned_launch_on",
    "planned_launch_precision",
    "planned_launch_qualifier",
    "actual_launch_on",
    "actual_launch_precision",
    "ended_on",
    "duration_days",
    "site_latitude",
    "site_longitude",
    "site_name",
    "site_kind",
    "site_uncertain",
    "uncertain",
)


def find_edition(key: str) -> Edition:
    """Return the public edition with this slug or code; raise Edition.DoesNotExist.

    Drafts and editions in review are not public: analysing them would show their
    plans to anyone.
    """
    public = Q(status=Edition.Status.PUBLISHED) | Q(kind=Edition.Kind.WORKING_DRAFT)
    return Edition.objects.filter(public).get(Q(slug=key) | Q(code=key))


def _window(
    start: dt.date | None, precision: str, qualifier: str = ""
) -> Window | None:
    date = PlanDate.from_parts(start, precision or "day", qualifier)
    return None if date is None else Window.from_plan_date(date)


def _destination_paths() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    rows = list(Destination.objects.values_list("slug", "name", "parent__slug"))
    parents = {slug: parent for slug, _name, parent in rows}
    paths = {}
    for slug in parents:
        path: list[str] = []
        node: str | None = slug
        while node is not None and node not in path:
            path.append(node)
            node = parents.get(node)
        paths[slug] = tuple(reversed(path))
    return paths, {slug: name for slug, name, _parent in rows}


def _items(missions: Any, links: Q | None = None) -> list[PlanItem]:
    """Return plan items for a mission queryset, with their links in bulk."""
    rows = list(missions.values_list(*MISSION_FIELDS))
    scope = Q() if links is None else links
    partners: dict[int, list[str]] = defaultdict(list)
    for mission_id, code in MissionPartner.objects.filter(scope).values_list(
        "mission_id", "agency__code"
    ):
        partners[mission_id].append(code)
    objectives: dict[int, list[ObjectiveLink]] = defaultdict(list)
    for mission_id, code, basis in MissionObjective.objects.filter(scope).values_list(
        "mission_id", "objective__code", "basis"
    ):
        objectives[mission_id].append(ObjectiveLink(code, basis))
    provides: dict[int, list[str]] = defaultdict(list)
    needs: dict[int, list[str]] = defaultdict(list)
    for mission_id, code, direction in MissionCapability.objects.filter(
        scope
    ).values_list("mission_id", "capability__code", "direction"):
        (provides if direction == "provides" else needs)[mission_id].append(code)
    paths, _names = _destination_paths()
    items = []
    for row in rows:
        values = dict(zip(MISSION_FIELDS, row, strict=True))
        key = values["id"]
        site = None
        if values["site_latitude"] is not None and values["site_longitude"] is not None:
            site = Site(
                latitude=values["site_latitude"],
                longitude=values["site_longitude"],
                name=values["site_name"],
                kind=values["site_kind"] or "planned",
                uncertain=values["site_uncertain"],
            )
        items.append(
            PlanItem(
                slug=values["slug"],
                name=values["name"],
                lead=values["lead__code"],
                partners=tuple(partners.get(key, ())),
                destination=values["destination__slug"],
                destination_path=paths.get(values["destination__slug"], ()),
                crewed=values["crewed"],
                kind=values["kind"],
                status=values["status"],
                planned=_window(
                    values["planned_launch_on"],
                    values["planned_launch_precision"],
                    values["planned_launch_qualifier"],
                ),
                launched=_window(
                    values["actual_launch_on"], values["actual_launch_precision"]
                ),
                ended=values["ended_on"],
                duration_days=values["duration_days"],
                objectives=tuple(objectives.get(key, ())),
                provides=tuple(provides.get(key, ())),
                needs=tuple(needs.get(key, ())),
                site=site,
                uncertain=values["uncertain"],
            )
        )
    return items


def _dependencies(links: Q | None = None) -> tuple[Dependency, ...]:
    rows = DependencyRow.objects.filter(links or Q()).values_list(
        "upstream__slug", "downstream__slug", "kind", "lag_months"
    )
    return tuple(Dependency(up, down, kind, float(lag)) for up, down, kind, lag in rows)


def _names() -> dict[str, Any]:
    _paths, destinations = _destination_paths()
    return {
        "objectives": tuple(
            ObjectiveInfo(code, title, goal or "")
            for code, title, goal in Objective.objects.values_list(
                "code", "title", "goal__code"
            )
        ),
        "agency_names": dict(Agency.objects.values_list("code", "name")),
        "destination_names": destinations,
        "capability_names": dict(Capability.objects.values_list("code", "name")),
        "members": frozenset(Agency.objects.members().values_list("code", flat=True)),
    }


def live_portfolio(as_of: dt.date | None = None) -> Portfolio:
    """Return the current plan of every mission."""
    return Portfolio(
        label=_("current plan"),
        as_of=as_of or dt.date.today(),
        items=tuple(_items(Mission.objects.order_by("slug"))),
        dependencies=_dependencies(),
        **_names(),
    )


def edition_portfolio(edition: Edition) -> Portfolio:
    """Return the plans ``edition`` stated (the live plan for a working draft)."""
    if edition.kind == Edition.Kind.WORKING_DRAFT:
        return dataclasses.replace(live_portfolio(), label=edition.code)
    released = edition.released
    as_of = released.end if released is not None else dt.date.today()
    rows = edition.plans.values_list(
        "mission_id", "launch_on", "launch_precision", "launch_qualifier", "status"
    )
    plans = {row[0]: row[1:] for row in rows}
    in_edition = Q(mission__edition_plans__edition=edition)
    missions = Mission.objects.filter(edition_plans__edition=edition).order_by("slug")
    ids = dict(missions.values_list("slug", "id"))
    items = []
    for item in _items(missions, in_edition):
        launch_on, precision, qualifier, status = plans[ids[item.slug]]
        launched = (
            item.launched if item.launched and item.launched.start <= as_of else None
        )
        items.append(
            dataclasses.replace(
                item,
                planned=_window(launch_on, precision, qualifier),
                launched=launched,
                status=status or (item.status if launched else "planned"),
            )
        )
    links = Q(upstream__edition_plans__edition=edition) & Q(
        downstream__edition_plans__edition=edition
    )
    return Portfolio(
        label=edition.code,
        as_of=as_of,
        items=tuple(items),
        dependencies=_dependencies(links),
        notes=(
            _(
                "Launch plans are the edition's; objectives, capabilities, landing "
                "sites and dependencies are today's records of those missions."
            ),
        ),
        **_names(),
    )


def portfolio_for(edition: str | None = None) -> Portfolio:
    """Return the live plan, or the plans of the edition with that slug or code."""
    return live_portfolio() if not edition else edition_portfolio(find_edition(edition))


def plan_history(live: Portfolio | None = None) -> History:
    """Return every dated plan of every edition, with the missions as known today."""
    live = live or live_portfolio()
    by_slug = live.by_slug
    editions: dict[str, dt.date] = {}
    records = []
    for row in (
        EditionPlan.objects.filter(
            launch_on__isnull=False, edition__released_on__isnull=False
        )
        .order_by("edition__released_on", "mission__slug")
        .values_list(
            "mission__slug",
            "edition__code",
            "edition__released_on",
            "edition__released_precision",
            "launch_on",
            "launch_precision",
            "launch_qualifier",
            "uncertain",
        )
    ):
        slug, code, released_on, released_precision = row[:4]
        launch_on, launch_precision, launch_qualifier, uncertain = row[4:]
        released = PlanDate.from_parts(released_on, released_precision or "day")
        window = _window(launch_on, launch_precision, launch_qualifier)
        if released is None or window is None or slug not in by_slug:
            continue
        editions[code] = released.end
        records.append(
            PlanRecord(code, released.end, window, by_slug[slug], uncertain=uncertain)
        )
    return History(
        records=tuple(records),
        fleet=live.items,
        dependencies=live.dependencies,
        as_of=live.as_of,
        editions=editions,
    )
