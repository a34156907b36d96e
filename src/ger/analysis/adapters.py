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
from ger.editions.services import build_snapshot
from ger.objectives.models import Objective
from ger.plancache import published_identity
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
def _bulk_building() -> Iterator[None]:
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


class _Windows:
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


def _destinations() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Return each destination's path from the root, and each one's name."""
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


def _grouped(rows: Iterable[tuple[int, str]]) -> dict[int, tuple[str, ...]]:
    """Return the codes of each mission, in the order the rows list them."""
    found: dict[int, list[str]] = defaultdict(list)
    for mission_id, code in rows:
        found[mission_id].append(code)
    return {key: tuple(codes) for key, codes in found.items()}


def _items(
    missions: Any, paths: Mapping[str, tuple[str, ...]], links: Q | None = None
) -> dict[int, PlanItem]:
    """Return plan items for a mission queryset by id, with their links in bulk."""
    scope = Q() if links is None else links
    partners = _grouped(
        MissionPartner.objects.filter(scope).values_list("mission_id", "agency__code")
    )
    found: dict[int, list[ObjectiveLink]] = defaultdict(list)
    known_links: dict[tuple[str, str], ObjectiveLink] = {}
    for mission_id, code, basis in MissionObjective.objects.filter(scope).values_list(
        "mission_id", "objective__code", "basis"
    ):
        link = known_links.get((code, basis))
        if link is None:
            link = known_links[(code, basis)] = ObjectiveLink(code, basis)
        found[mission_id].append(link)
    objectives = {key: tuple(links) for key, links in found.items()}
    capabilities = MissionCapability.objects.filter(scope).values_list(
        "mission_id", "capability__code", "direction"
    )
    provides = _grouped(
        (key, code) for key, code, direction in capabilities if direction == "provides"
    )
    needs = _grouped(
        (key, code) for key, code, direction in capabilities if direction != "provides"
    )
    window = _Windows()
    items = {}
    for (
        key,
        slug,
        name,
        lead,
        destination,
        crewed,
        kind,
        status,
        planned_on,
        planned_precision,
        planned_qualifier,
        launched_on,
        launched_precision,
        ended_on,
        duration_days,
        latitude,
        longitude,
        site_name,
        site_kind,
        site_uncertain,
        uncertain,
    ) in missions.values_list(*MISSION_FIELDS):
        site = None
        if latitude is not None and longitude is not None:
            site = Site(
                latitude=latitude,
                longitude=longitude,
                name=site_name,
                kind=site_kind or "planned",
                uncertain=site_uncertain,
            )
        items[key] = PlanItem(
            slug=slug,
            name=name,
            lead=lead,
            partners=partners.get(key, ()),
            destination=destination,
            destination_path=paths.get(destination, ()),
            crewed=crewed,
            kind=kind,
            status=status,
            planned=window(planned_on, planned_precision, planned_qualifier),
            launched=window(launched_on, launched_precision),
            ended=ended_on,
            duration_days=duration_days,
            objectives=objectives.get(key, ()),
            provides=provides.get(key, ()),
            needs=needs.get(key, ()),
            site=site,
            uncertain=uncertain,
        )
    return items


def _dependencies(links: Q | None = None) -> tuple[Dependency, ...]:
    rows = DependencyRow.objects.filter(links or Q()).values_list(
        "upstream__slug", "downstream__slug", "kind", "lag_months"
    )
    return tuple(Dependency(up, down, kind, float(lag)) for up, down, kind, lag in rows)


def _names(destination_names: dict[str, str]) -> dict[str, Any]:
    return {
        "objectives": tuple(
            ObjectiveInfo(code, title, goal or "")
            for code, title, goal in Objective.objects.values_list(
                "code", "title", "goal__code"
            )
        ),
        "agency_names": dict(Agency.objects.values_list("code", "name")),
        "destination_names": destination_names,
        "capability_names": dict(Capability.objects.values_list("code", "name")),
        "members": frozenset(Agency.objects.members().values_list("code", flat=True)),
    }


def live_portfolio(as_of: dt.date | None = None) -> Portfolio:
    """Return the current plan of every mission."""
    paths, destination_names = _destinations()
    with _bulk_building():
        items = _items(Mission.objects.order_by("slug"), paths)
        return Portfolio(
            label=_("current plan"),
            as_of=as_of or dt.date.today(),
            items=tuple(items.values()),
            dependencies=_dependencies(),
            **_names(destination_names),
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
    paths, destination_names = _destinations()
    destination_names.update(
        {d["slug"]: d["name"] for d in snapshot.get("destinations", [])}
    )
    items = tuple(_stated_item(item, paths) for item in snapshot.get("missions", []))
    names = _names(destination_names)
    names["objectives"] = tuple(
        ObjectiveInfo(o["code"], o.get("title", ""), o.get("goal") or "")
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


def _released_end(released_on: dt.date | None, precision: str) -> dt.date | None:
    date = PlanDate.from_parts(released_on, precision or "day")
    return None if date is None else date.end


def portfolio_for(edition: str | None = None) -> Portfolio:
    """Return the live plan, or the plans of the edition with that slug or code."""
    return live_portfolio() if not edition else edition_portfolio(find_edition(edition))


def plan_history(live: Portfolio | None = None) -> History:
    """Return every dated plan of every edition, with the missions as known today."""
    live = live or live_portfolio()
    by_slug = live.by_slug
    editions: dict[str, dt.date] = {}
    records = []
    window_of = _Windows()
    released_ends: dict[tuple[dt.date | None, str], dt.date | None] = {}
    rows = (
        # Only each edition's current issue: a superseded first issue may hold
        # statements learned after its release, which a back-test must not see.
        EditionPlan.objects.filter(
            launch_on__isnull=False,
            edition__released_on__isnull=False,
            edition__in=Edition.objects.current(),
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
    )
    with _bulk_building():
        for row in rows:
            slug, code, released_on, released_precision = row[:4]
            launch_on, launch_precision, launch_qualifier, uncertain = row[4:]
            item = by_slug.get(slug)
            window = window_of(launch_on, launch_precision, launch_qualifier)
            if item is None or window is None:
                continue
            released_key = (released_on, released_precision)
            if released_key not in released_ends:
                released_ends[released_key] = _released_end(*released_key)
            released = released_ends[released_key]
            if released is None:
                continue
            editions[code] = released
            records.append(
                PlanRecord(code, released, window, item, uncertain=uncertain)
            )
    return History(
        records=tuple(records),
        fleet=live.items,
        dependencies=live.dependencies,
        as_of=live.as_of,
        editions=editions,
    )
