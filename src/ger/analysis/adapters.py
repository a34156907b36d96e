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
    PlanStatementRecord,
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
    PlanStatement,
)
from ger.plans.models import Dependency as DependencyRow
from ger.registry.models import Agency
from ger.translated_content import translated, translated_as_stated

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


Translations = dict[str, tuple[str, dict[str, Any]]]


def _destinations() -> tuple[dict[str, tuple[str, ...]], dict[str, str], Translations]:
    """Return each destination's path from the root, its name, and its translations."""
    rows = list(
        Destination.objects.values_list("slug", "name", "parent__slug", "translations")
    )
    parents = {slug: parent for slug, _name, parent, _t in rows}
    paths = {}
    for slug in parents:
        path: list[str] = []
        node: str | None = slug
        while node is not None and node not in path:
            path.append(node)
            node = parents.get(node)
        paths[slug] = tuple(reversed(path))
    return (
        paths,
        {slug: name for slug, name, _parent, _t in rows},
        {
            slug: (name, translations or {})
            for slug, name, _parent, translations in rows
        },
    )


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
    recorded = set(found)
    for mission_id, codes in _stated_objectives(scope).items():
        recorded.add(mission_id)
        have = {link.code for link in found[mission_id]}
        for code in codes:
            if code not in have:
                link = known_links.get((code, "stated"))
                if link is None:
                    link = known_links[(code, "stated")] = ObjectiveLink(code)
                found[mission_id].append(link)
    objectives = {key: tuple(links) for key, links in found.items() if links}
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


def _in_language(stated: Mapping[str, str], records: Translations) -> dict[str, str]:
    """Return destination names (by slug) in the active language, English marked.

    A stated name is translated only while it is still the destination's own.
    """
    return {
        slug: str(
            translated_as_stated(
                records.get(slug, ("", {}))[1],
                "name",
                name,
                records.get(slug, ("", {}))[0],
            )
        )
        for slug, name in stated.items()
    }


def _objective_titles(
    stated: Iterable[tuple[str, str, str]] | None = None,
) -> tuple[ObjectiveInfo, ...]:
    """Return objectives with their titles in the active language.

    ``stated`` are (code, title, goal) an edition recorded: a title is translated
    only while it is still the objective's own.
    """
    records = {
        code: (title, translations, goal or "")
        for code, title, translations, goal in Objective.objects.values_list(
            "code", "title", "translations", "goal__code"
        )
    }
    if stated is None:
        stated = [(code, title, goal) for code, (title, _t, goal) in records.items()]
    found = []
    for code, title, goal in stated:
        current, translations, _goal = records.get(code, ("", {}, ""))
        text = translated_as_stated(translations, "title", title, current)
        found.append(ObjectiveInfo(code, str(text), goal))
    return tuple(found)


def _names(
    destination_names: dict[str, str], translations: Translations
) -> dict[str, Any]:
    return {
        "objectives": _objective_titles(),
        "agency_names": {
            code: str(translated(translations, "name", name))
            for code, name, translations in Agency.objects.values_list(
                "code", "name", "translations"
            )
        },
        "destination_names": _in_language(destination_names, translations),
        "capability_names": {
            code: str(translated(translations, "name", name))
            for code, name, translations in Capability.objects.values_list(
                "code", "name", "translations"
            )
        },
        "members": frozenset(Agency.objects.members().values_list("code", flat=True)),
    }


def live_portfolio(as_of: dt.date | None = None) -> Portfolio:
    """Return the current plan of every mission."""
    paths, destination_names, translations = _destinations()
    with _bulk_building():
        items = _items(Mission.objects.order_by("slug"), paths)
        return Portfolio(
            label=_("current plan"),
            as_of=as_of or dt.date.today(),
            items=tuple(items.values()),
            dependencies=_dependencies(),
            **_names(destination_names, translations),
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
    paths, destination_names, translations = _destinations()
    destination_names.update(
        {d["slug"]: d["name"] for d in snapshot.get("destinations", [])}
    )
    items = tuple(_stated_item(item, paths) for item in snapshot.get("missions", []))
    names = _names(destination_names, translations)
    names["objectives"] = _objective_titles(
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


def _known_end(known_on: dt.date | None, precision: str) -> dt.date | None:
    """Return the last day of the period a statement is known since."""
    date = PlanDate.from_parts(known_on, precision or "day")
    return None if date is None else date.end


LAUNCH_FIELDS = ("launch_on", "launch_precision", "launch_qualifier", "uncertain")


def plan_statements(live: Portfolio | None = None) -> tuple[PlanStatementRecord, ...]:
    """Return every dated launch-plan statement, the one input of the forecast model.

    These are the statements of each edition's current issue (a superseded first
    issue may hold statements learned after its release), each dated by its own
    known-since date, or by the edition's release when it has none, and the dated
    statements that belong to no edition (``PlanStatement``).

    A mission's current plan is not read as a statement: the date it became known is
    not recorded (the records were loaded, not written on the day), and dating it by
    the load would shorten its horizon to nothing.
    """
    live = live or live_portfolio()
    by_slug = live.by_slug
    window_of = _Windows()
    found: dict[tuple[str, dt.date, Window], PlanStatementRecord] = {}

    def keep(
        slug: str,
        source: str,
        known: dt.date | None,
        launch: tuple[Any, ...],
        closes: dt.date | None = None,
    ) -> None:
        # Two sources repeating one statement (same plan, known on the same day)
        # are one piece of evidence, not two.
        item = by_slug.get(slug)
        window = window_of(*launch[:3])
        if item is None or window is None or known is None:
            return
        if closes is not None and closes > window.end:
            # "July to August 2020": the plan's window runs to its stated end.
            label = f"{window.label}/{closes:%Y-%m}"
            window = dataclasses.replace(window, end=closes, label=label)
        found.setdefault(
            (slug, known, window),
            PlanStatementRecord(slug, source, known, window, item, uncertain=launch[3]),
        )

    stated = (
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
            "known_on",
            "known_precision",
            *LAUNCH_FIELDS,
        )
    )
    for (
        slug,
        code,
        released_on,
        released_precision,
        known_on,
        known_precision,
        *launch,
    ) in stated:
        known = _known_end(known_on, known_precision) or _released_end(
            released_on, released_precision
        )
        keep(slug, code, known, tuple(launch))
    # Dated statements outside the editions: an agency's release, an audit, the
    # press, each known on its own day.
    dated = PlanStatement.objects.filter(launch_on__isnull=False).order_by(
        "mission__slug", "known_on", "position"
    )
    for slug, known_on, known_precision, closes, *launch in dated.values_list(
        "mission__slug", "known_on", "known_precision", "window_end", *LAUNCH_FIELDS
    ):
        known = _known_end(known_on, known_precision)
        keep(slug, "statement", known, tuple(launch), closes)
    return tuple(found.values())
