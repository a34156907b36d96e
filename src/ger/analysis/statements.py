"""The dated plans the back-tests and the forecast model read, with what became of them.

Each edition's current issue states a plan on its release (a superseded first issue
may hold statements learned after its release, which a back-test must not see);
dated statements outside the editions (``PlanStatement``) each on their own day.
Every reader runs a fixed number of bulk queries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from itertools import chain
from typing import Any

from ger.analysis.adapters import Windows, bulk_building, live_portfolio
from ger.analysis.model import (
    History,
    PlanRecord,
    PlanStatementRecord,
    Portfolio,
    Window,
)
from ger.editions.models import Edition, EditionPlan
from ger.plandates import PlanDate
from ger.plans.models import PlanStatement

LAUNCH_FIELDS = ("launch_on", "launch_precision", "launch_qualifier", "uncertain")
# One row of a statement: mission, source, known since, launch fields, window end.
Stated = tuple[str, str, dt.date | None, tuple[Any, ...], dt.date | None]


def _period_end(on: dt.date | None, precision: str) -> dt.date | None:
    """Return the last day of the period a date with this precision covers."""
    date = PlanDate.from_parts(on, precision or "day")
    return None if date is None else date.end


def _edition_plans(*fields: str) -> Any:
    """Return the dated plans of each edition's current issue, oldest edition first.

    Only the current issue: a superseded first issue may hold statements learned
    after its release, which a back-test must not see.
    """
    return (
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
            *fields,
        )
    )


def plan_history(live: Portfolio | None = None) -> History:
    """Return every dated plan of every edition, with the missions as known today."""
    live = live or live_portfolio()
    by_slug = live.by_slug
    editions: dict[str, dt.date] = {}
    records = []
    window_of = Windows()
    released_ends: dict[tuple[dt.date | None, str], dt.date | None] = {}
    with bulk_building():
        for row in _edition_plans(*LAUNCH_FIELDS):
            slug, code, released_on, released_precision = row[:4]
            launch_on, launch_precision, launch_qualifier, uncertain = row[4:]
            item = by_slug.get(slug)
            window = window_of(launch_on, launch_precision, launch_qualifier)
            if item is None or window is None:
                continue
            released_key = (released_on, released_precision)
            if released_key not in released_ends:
                released_ends[released_key] = _period_end(*released_key)
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


def _stated_in_editions() -> Iterator[Stated]:
    """Yield each edition plan, known since its own date or the edition's release."""
    for row in _edition_plans("known_on", "known_precision", *LAUNCH_FIELDS):
        slug, code, released_on, released_precision, known_on, precision = row[:6]
        known = _period_end(known_on, precision) or _period_end(
            released_on, released_precision
        )
        yield slug, code, known, tuple(row[6:]), None


def _stated_outside_editions() -> Iterator[Stated]:
    """Yield each dated statement outside the editions (an agency's release, an
    audit, the press), known since its own day."""
    dated = PlanStatement.objects.filter(launch_on__isnull=False).order_by(
        "mission__slug", "known_on", "position"
    )
    for slug, known_on, precision, closes, *launch in dated.values_list(
        "mission__slug", "known_on", "known_precision", "window_end", *LAUNCH_FIELDS
    ):
        yield slug, "statement", _period_end(known_on, precision), tuple(launch), closes


def plan_statements(live: Portfolio | None = None) -> tuple[PlanStatementRecord, ...]:
    """Return every dated launch-plan statement, the one input of the forecast model.

    These are the statements of each edition's current issue, each dated by its
    own known-since date or by the edition's release when it has none, and the
    dated statements that belong to no edition (``PlanStatement``). Two sources
    repeating one statement (same plan, known on the same day) are one piece of
    evidence, not two.

    A mission's current plan is not read as a statement: the date it became known is
    not recorded (the records were loaded, not written on the day), and dating it by
    the load would shorten its horizon to nothing.
    """
    by_slug = (live or live_portfolio()).by_slug
    window_of = Windows()
    found: dict[tuple[str, dt.date, Window], PlanStatementRecord] = {}
    for slug, source, known, launch, closes in chain(
        _stated_in_editions(), _stated_outside_editions()
    ):
        item = by_slug.get(slug)
        window = window_of(*launch[:3])
        if item is None or window is None or known is None:
            continue
        if closes is not None and closes > window.end:
            # "July to August 2020": the plan's window runs to its stated end.
            label = f"{window.label}/{closes:%Y-%m}"
            window = dataclasses.replace(window, end=closes, label=label)
        found.setdefault(
            (slug, known, window),
            PlanStatementRecord(slug, source, known, window, item, uncertain=launch[3]),
        )
    return tuple(found.values())
