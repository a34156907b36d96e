"""The missions and dependencies an export covers: the current plan or an edition's.

Both come out as the same plain records, so every renderer works the same way on
the live data and on what an edition stated (read from its verified snapshot).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from ger.editions.models import Edition
from ger.editions.snapshot_dates import parse_snapshot_date as parse_snapshot_date
from ger.editions.workflow import edition_snapshot
from ger.plandates import PlanDate
from ger.plans.filters import (
    FilterError,
    MissionQuery,
    destination_with_descendants,
    filter_missions,
)
from ger.plans.models import Dependency, Mission

# Filters that need data a snapshot does not hold.
LIVE_ONLY_FILTERS = ("objective", "confidence")


@dataclass(frozen=True)
class PlannedMission:
    """A mission with the launch dates an export shows for it."""

    slug: str
    name: str
    lead: str
    partners: tuple[str, ...]
    destination: str
    crewed: bool
    kind: str
    status: str
    planned: PlanDate | None
    actual: PlanDate | None
    statement: str
    uncertain: bool

    @property
    def launch(self) -> PlanDate | None:
        """Return the actual launch when known, else the planned one."""
        return self.actual or self.planned


@dataclass(frozen=True)
class Link:
    """``upstream`` supports or precedes ``downstream``, after a lag in months."""

    upstream: str
    downstream: str
    kind: str
    lag_months: int


@dataclass(frozen=True)
class Roadmap:
    """The missions and links of one export, with what they were taken from."""

    title: str
    edition_slug: str | None
    missions: tuple[PlannedMission, ...]
    links: tuple[Link, ...]
    as_of: dt.datetime


def current_roadmap(query: MissionQuery) -> Roadmap:
    """Return the missions of the current plan that ``query`` selects."""
    missions = list(filter_missions(query))
    slugs = [mission.slug for mission in missions]
    links = Dependency.objects.filter(
        upstream__slug__in=slugs, downstream__slug__in=slugs
    ).order_by("upstream__slug", "downstream__slug", "kind")
    newest = Mission.objects.aggregate(newest=Max("updated_at"))["newest"]
    return Roadmap(
        title=_("Current plan"),
        edition_slug=None,
        missions=tuple(_from_mission(mission) for mission in missions),
        links=tuple(
            Link(up, down, kind, lag)
            for up, down, kind, lag in links.values_list(
                "upstream__slug", "downstream__slug", "kind", "lag_months"
            )
        ),
        as_of=newest or dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
    )


def edition_roadmap(
    edition: Edition, query: MissionQuery, snapshot: Mapping[str, Any] | None = None
) -> Roadmap:
    """Return the missions of ``edition`` that ``query`` selects, as it stated them."""
    if snapshot is None:
        snapshot = edition_snapshot(edition)
    missions = [_from_snapshot(item) for item in snapshot.get("missions", [])]
    selected = select_planned(missions, query)
    slugs = {mission.slug for mission in selected}
    return Roadmap(
        title=f"{edition.title} ({edition.code})",
        edition_slug=edition.slug,
        missions=tuple(selected),
        links=tuple(
            Link(item["from"], item["to"], item["kind"], int(item["lag_months"]))
            for item in snapshot.get("dependencies", [])
            if item["from"] in slugs and item["to"] in slugs
        ),
        as_of=edition.moment(),
    )


def select_planned(
    missions: Iterable[PlannedMission], query: MissionQuery
) -> list[PlannedMission]:
    """Return the missions that match every filter of ``query``, in its order."""
    for name in LIVE_ONLY_FILTERS:
        if query.multi(name):
            raise FilterError(name, _("cannot be used with an edition"))
    tests = _snapshot_tests(query)
    selected = [m for m in missions if all(test(m) for test in tests)]
    key, reverse = _ORDER_KEYS.get(query.ordering, _ORDER_KEYS["planned"])
    # Missions without the sort value go last whichever way the list runs.
    present = sorted((m for m in selected if key(m) is not None), key=key)
    if reverse:
        present.reverse()
    return present + sorted((m for m in selected if key(m) is None), key=_slug)


def _snapshot_tests(query: MissionQuery) -> list[Callable[[PlannedMission], bool]]:
    tests: list[Callable[[PlannedMission], bool]] = []
    agencies = set(query.multi("agency"))
    if agencies:
        tests.append(lambda m: m.lead in agencies or bool(agencies & set(m.partners)))
    leads = set(query.multi("lead"))
    if leads:
        tests.append(lambda m: m.lead in leads)
    partners = set(query.multi("partner"))
    if partners:
        tests.append(lambda m: bool(partners & set(m.partners)))
    if query.multi("destination"):
        places = destination_with_descendants(query.multi("destination"))
        tests.append(lambda m: m.destination in places)
    for name in ("status", "kind"):
        if query.multi(name):
            tests.append(_field_in(name, set(query.multi(name))))
    if query.crewed is not None:
        crewed = query.crewed
        tests.append(lambda m: m.crewed == crewed)
    after, before = query.planned_after, query.planned_before
    if after is not None:
        tests.append(lambda m: m.planned is not None and m.planned.start.year >= after)
    if before is not None:
        tests.append(lambda m: m.planned is not None and m.planned.start.year <= before)
    return tests


def _field_in(name: str, allowed: set[str]) -> Callable[[PlannedMission], bool]:
    return lambda mission: getattr(mission, name) in allowed


def _slug(mission: PlannedMission) -> str:
    return mission.slug


def _planned_key(mission: PlannedMission) -> tuple[dt.date, str] | None:
    return None if mission.planned is None else (mission.planned.start, mission.slug)


def _launched_key(mission: PlannedMission) -> tuple[dt.date, str] | None:
    return None if mission.actual is None else (mission.actual.start, mission.slug)


_ORDER_KEYS: dict[str, tuple[Callable[[PlannedMission], Any], bool]] = {
    "planned": (_planned_key, False),
    "-planned": (_planned_key, True),
    "name": (lambda m: (m.name, m.slug), False),
    "-name": (lambda m: (m.name, m.slug), True),
    "lead": (lambda m: (m.lead, _planned_key(m) or (dt.date.max, m.slug)), False),
    "status": (lambda m: (m.status, _planned_key(m) or (dt.date.max, m.slug)), False),
    "launched": (_launched_key, False),
    "-launched": (_launched_key, True),
}


def _from_mission(mission: Mission) -> PlannedMission:
    return PlannedMission(
        slug=mission.slug,
        name=mission.name,
        lead=mission.lead.code,
        partners=tuple(p.agency.code for p in mission.partnerships.all()),
        destination=mission.destination.slug,
        crewed=mission.crewed,
        kind=mission.kind,
        status=mission.status,
        planned=mission.planned_launch,
        actual=mission.actual_launch,
        statement=mission.planned_launch_note,
        uncertain=mission.uncertain,
    )


def _from_snapshot(item: Mapping[str, Any]) -> PlannedMission:
    return PlannedMission(
        slug=item["slug"],
        # A statement may leave a fact unrecorded (None): shown as empty.
        name=item.get("name") or item["slug"],
        lead=item.get("lead") or "",
        partners=tuple(p["agency"] for p in item.get("partners") or []),
        destination=item.get("destination") or "",
        crewed=bool(item.get("crewed")),
        kind=item.get("kind") or "",
        status=item.get("status") or "",
        planned=parse_snapshot_date(item.get("planned_launch")),
        actual=parse_snapshot_date(item.get("actual_launch")),
        statement=item.get("statement") or "",
        uncertain=bool(item.get("uncertain")),
    )
