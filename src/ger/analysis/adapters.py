"""Build the analyses' plain inputs from the database: the only module using models.

Every builder runs a fixed number of bulk queries (``values_list``, no model
instances, no query per row), whatever the number of missions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from ger.analysis.model import (
    Dependency,
    ObjectiveLink,
    PlanItem,
    Portfolio,
    Site,
    Window,
)
from ger.analysis.names import destinations, names_in_language, objective_titles
from ger.editions.models import Edition, EditionPlan
from ger.editions.services import build_snapshot
from ger.plancache import published_identity
from ger.plandates import PlanDate
from ger.plans.models import Dependency as DependencyRow
from ger.plans.models import (
    Mission,
    MissionCapability,
    MissionObjective,
    MissionPartner,
)

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
    # The snapshot (every mission of the edition, as JSON) is not read here.
    edition = Edition.objects.public().defer("snapshot").by_key(key)
    if edition is None:
        raise Edition.DoesNotExist(key)
    return edition


def edition_identity(key: str) -> str | None:
    """Return the identity of the published edition with this slug or code, or None.

    None also for a working draft (its plan is the live one) and a missing edition.
    """
    try:
        edition = find_edition(key)
    except Edition.DoesNotExist:
        return None
    if edition.status != Edition.Status.PUBLISHED:
        return None
    return published_identity(edition)


@contextmanager
def bulk_building() -> Iterator[None]:
    """Pause the cyclic garbage collector while tens of thousands of values are built.

    Each collection walks every object alive; building a large plan triggers dozens
    of them for nothing (plain values hold no cycles), about half the load time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Windows:
    """Build each distinct plan date's window once: many missions share a date."""

    def __init__(self) -> None:
        self._known: dict[tuple[dt.date | None, str, str], Window | None] = {}

    def __call__(
        self, start: dt.date | None, precision: str, qualifier: str = ""
    ) -> Window | None:
        key = (start, precision, qualifier)
        try:
            return self._known[key]
        except KeyError:
            window = self._known[key] = _window(start, precision, qualifier)
            return window


def _window(
    start: dt.date | None, precision: str, qualifier: str = ""
) -> Window | None:
    date = PlanDate.from_parts(start, precision or "day", qualifier)
    return None if date is None else Window.from_plan_date(date)


def _grouped(rows: Iterable[tuple[int, str]]) -> dict[int, tuple[str, ...]]:
    """Return the codes of each mission, in the order the rows list them."""
    found: dict[int, list[str]] = defaultdict(list)
    for mission_id, code in rows:
        found[mission_id].append(code)
    return {key: tuple(codes) for key, codes in found.items()}


def _objective_links(scope: Q) -> tuple[dict[int, tuple[ObjectiveLink, ...]], set[int]]:
    """Return each mission's objective links, and the missions whose links are recorded.

    A link recorded on the mission comes first; an objective the mission's newest
    edition statement names is added as stated. Equal links are one shared value.
    """
    found: dict[int, list[ObjectiveLink]] = defaultdict(list)
    known: dict[tuple[str, str], ObjectiveLink] = {}

    def link(code: str, basis: str) -> ObjectiveLink:
        if (code, basis) not in known:
            known[(code, basis)] = ObjectiveLink(code, basis)
        return known[(code, basis)]

    for mission_id, code, basis in MissionObjective.objects.filter(scope).values_list(
        "mission_id", "objective__code", "basis"
    ):
        found[mission_id].append(link(code, basis))
    recorded = set(found)
    for mission_id, codes in _stated_objectives(scope).items():
        recorded.add(mission_id)
        have = {each.code for each in found[mission_id]}
        found[mission_id] += [
            link(code, "stated") for code in codes if code not in have
        ]
    return {key: tuple(links) for key, links in found.items() if links}, recorded


def _capabilities(
    scope: Q,
) -> tuple[dict[int, tuple[str, ...]], dict[int, tuple[str, ...]]]:
    """Return the capabilities each mission provides, and those it needs."""
    rows = list(
        MissionCapability.objects.filter(scope).values_list(
            "mission_id", "capability__code", "direction"
        )
    )
    provides = _grouped((key, code) for key, code, way in rows if way == "provides")
    needs = _grouped((key, code) for key, code, way in rows if way != "provides")
    return provides, needs


def _site(
    latitude: float | None, longitude: float | None, name: str, kind: str, doubt: bool
) -> Site | None:
    if latitude is None or longitude is None:
        return None
    return Site(latitude, longitude, name, kind or "planned", doubt)


def _items(
    missions: Any, paths: Mapping[str, tuple[str, ...]], links: Q | None = None
) -> dict[int, PlanItem]:
    """Return plan items for a mission queryset by id, with their links in bulk."""
    scope = Q() if links is None else links
    partners = _grouped(
        MissionPartner.objects.filter(scope).values_list("mission_id", "agency__code")
    )
    objectives, recorded = _objective_links(scope)
    provides, needs = _capabilities(scope)
    window = Windows()
    items = {}
    # Named rows: one shared tuple class, no dictionary built per mission.
    for row in missions.values_list(*MISSION_FIELDS, named=True):
        key, destination = row.id, row.destination__slug
        items[key] = PlanItem(
            slug=row.slug,
            name=row.name,
            lead=row.lead__code,
            partners=partners.get(key, ()),
            destination=destination,
            destination_path=paths.get(destination, ()),
            crewed=row.crewed,
            kind=row.kind,
            status=row.status,
            planned=window(
                row.planned_launch_on,
                row.planned_launch_precision,
                row.planned_launch_qualifier,
            ),
            launched=window(row.actual_launch_on, row.actual_launch_precision),
            ended=row.ended_on,
            duration_days=row.duration_days,
            objectives=objectives.get(key, ()),
            provides=provides.get(key, ()),
            needs=needs.get(key, ()),
            site=_site(
                row.site_latitude,
                row.site_longitude,
                row.site_name,
                row.site_kind,
                row.site_uncertain,
            ),
            uncertain=row.uncertain,
            objectives_recorded=key in recorded,
        )
    return items


def _stated_objectives(scope: Q) -> dict[int, list[str]]:
    """Return the objectives each mission's newest statement names, where it names any.

    A statement whose objectives are not recorded (None) says nothing; one that
    names none (an empty list) records that the mission serves none.
    """
    newest: dict[int, list[str]] = {}
    rows = (
        EditionPlan.objects.filter(
            scope,
            objective_codes__isnull=False,
            edition__in=Edition.objects.current(),
        )
        .order_by("edition__released_on")
        .values_list("mission_id", "objective_codes")
    )
    for mission_id, codes in rows:
        if isinstance(codes, list):
            newest[mission_id] = [str(code) for code in codes]
    return newest


def _dependencies(links: Q | None = None) -> tuple[Dependency, ...]:
    rows = DependencyRow.objects.filter(links or Q()).values_list(
        "upstream__slug", "downstream__slug", "kind", "lag_months"
    )
    return tuple(Dependency(up, down, kind, float(lag)) for up, down, kind, lag in rows)


def live_portfolio(as_of: dt.date | None = None) -> Portfolio:
    """Return the current plan of every mission."""
    paths, destination_names, translations = destinations()
    with bulk_building():
        items = _items(Mission.objects.order_by("slug"), paths)
        return Portfolio(
            label=_("current plan"),
            as_of=as_of or dt.date.today(),
            items=tuple(items.values()),
            dependencies=_dependencies(),
            **names_in_language(destination_names, translations),
        )


LAUNCHED_STATUSES = frozenset(
    {"launched", "succeeded", "partially_succeeded", "failed"}
)


def edition_portfolio(edition: Edition) -> Portfolio:
    """Return the plans ``edition`` stated (the live plan for a working draft).

    An edition speaks only through its snapshot's statements: a fact it does not
    record (capabilities, dependencies, an unrecorded site…) is absent, never
    taken from the mission's record of today.
    """
    if edition.kind == Edition.Kind.WORKING_DRAFT:
        return dataclasses.replace(live_portfolio(), label=edition.code)
    released = edition.released
    as_of = released.end if released is not None else dt.date.today()
    snapshot = (
        edition.verified_snapshot() if edition.is_published else build_snapshot(edition)
    )
    paths, destination_names, translations = destinations()
    destination_names.update(
        {d["slug"]: d["name"] for d in snapshot.get("destinations", [])}
    )
    items = tuple(_stated_item(item, paths) for item in snapshot.get("missions", []))
    names = names_in_language(destination_names, translations)
    names["objectives"] = objective_titles(
        (o["code"], o.get("title", ""), o.get("goal") or "")
        for o in snapshot.get("objectives", [])
    )
    names["members"] = frozenset(a["code"] for a in snapshot.get("agencies", []))
    return Portfolio(
        label=edition.code,
        as_of=as_of,
        items=items,
        dependencies=tuple(
            Dependency(d["from"], d["to"], d["kind"], float(d.get("lag_months", 0)))
            for d in snapshot.get("dependencies", [])
        ),
        notes=(
            _(
                "Only what the edition states is analysed: facts it does not record "
                "(capabilities, dependencies, objectives or sites it does not name) "
                "are absent, not taken from today's records."
            ),
        ),
        **names,
    )


def _stated_item(
    item: Mapping[str, Any], paths: Mapping[str, tuple[str, ...]]
) -> PlanItem:
    """Return one snapshot statement as the analyses see a mission."""
    planned = None
    if item.get("planned_launch"):
        date = PlanDate.parse(item["planned_launch"])
        planned = Window.from_plan_date(date)
    site = item.get("site")
    destination = item.get("destination") or ""
    status = item.get("status") or "planned"
    # A statement that the mission had launched dates it by its stated plan.
    launched = planned if status in LAUNCHED_STATUSES else None
    return PlanItem(
        slug=item["slug"],
        name=item.get("name") or item["slug"],
        lead=item.get("lead") or "",
        partners=tuple(p["agency"] for p in item.get("partners") or []),
        destination=destination,
        destination_path=paths.get(destination, ()),
        crewed=bool(item.get("crewed")),
        kind=item.get("kind") or "",
        status=status,
        planned=planned,
        launched=launched,
        objectives=tuple(ObjectiveLink(code) for code in item.get("objectives") or []),
        objectives_recorded=item.get("objectives") is not None,
        site=Site(
            latitude=site["latitude"],
            longitude=site["longitude"],
            name=site.get("name") or "",
            kind=site.get("kind") or "planned",
        )
        if site and site.get("latitude") is not None
        else None,
        uncertain=bool(item.get("uncertain")),
    )


def portfolio_for(edition: str | None = None) -> Portfolio:
    """Return the live plan, or the plans of the edition with that slug or code."""
    return live_portfolio() if not edition else edition_portfolio(find_edition(edition))
