"""Write a synthetic portfolio into the database in raw batches (``ger synth``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

from ger.analysis.model import PlanItem, Portfolio
from ger.analysis.synthetic import CAPABILITIES, DESTINATIONS
from ger.objectives.models import Objective
from ger.plans import models as plans
from ger.registry.models import Agency

PREFIX = "syn-"
BATCH = 5000
MISSION_COLUMNS = (
    "slug",
    "name",
    "lead_id",
    "destination_id",
    *plans.PLAN_COLUMNS,
    "actual_launch_on",
    "actual_launch_precision",
    "duration_days",
    "site_name",
    "site_latitude",
    "site_longitude",
    "site_kind",
    "description",
)


def _insert(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert rows in batches with executemany; other columns take their defaults.

    ``bulk_create`` builds a model instance and prepares every field of every row
    in Python, which is most of the time for 100,000 missions. Here only the given
    columns vary; each other field's default is prepared once by the field itself,
    so a field added later with a default needs no change here.
    """
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.attname not in columns
    ]
    now = timezone.now()
    constants = []
    for field in fields:
        auto = getattr(field, "auto_now", False) or getattr(
            field, "auto_now_add", False
        )
        value = now if auto else field.get_default()
        constants.append(field.get_db_prep_save(value, connection))
    names = [*columns, *(field.column for field in fields)]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(name) for name in names),
        ", ".join(["%s"] * len(names)),
    )
    count = 0
    with connection.cursor() as cursor:
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append((*row, *constants))
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _date(value: dt.date | None) -> Any:
    return None if value is None else connection.ops.adapt_datefield_value(value)


def _reference_rows(portfolio: Portfolio) -> tuple[dict[str, int], ...]:
    """Create the agencies, destinations, capabilities and objectives it names."""
    codes = sorted({code for item in portfolio.items for code in item.agencies})
    Agency.objects.bulk_create(
        [
            Agency(
                code=code,
                slug=code.lower(),
                name=portfolio.agency_name(code),
                notes="Synthetic agency written by ger synth.",
            )
            for code in codes
        ],
        ignore_conflicts=True,
    )
    for _slug, path, _weight in DESTINATIONS:
        parent = None
        for level in path:
            parent, _created = plans.Destination.objects.get_or_create(
                slug=level,
                defaults={
                    "name": level.replace("-", " ").capitalize(),
                    "parent": parent,
                },
            )
    plans.Capability.objects.bulk_create(
        [
            plans.Capability(code=code, name=code.replace("_", " "))
            for code in CAPABILITIES
        ],
        ignore_conflicts=True,
    )
    Objective.objects.bulk_create(
        [Objective(code=o.code, title=o.title) for o in portfolio.objectives],
        ignore_conflicts=True,
    )
    return (
        dict(Agency.objects.filter(code__in=codes).values_list("code", "id")),
        dict(plans.Destination.objects.values_list("slug", "id")),
        dict(plans.Capability.objects.values_list("code", "id")),
        dict(Objective.objects.values_list("code", "id")),
    )


def write_portfolio(portfolio: Portfolio, seed: int) -> dict[str, int]:
    """Insert the portfolio's missions and links in batches; return the counts."""
    agencies, destinations, capabilities, objectives = _reference_rows(portfolio)
    note = f"Synthetic mission written by ger synth (seed {seed})."
    missions = _insert(
        plans.Mission,
        MISSION_COLUMNS,
        (
            _mission_row(
                item, agencies[item.lead], destinations[item.destination], note
            )
            for item in portfolio.items
        ),
    )
    ids = dict(
        plans.Mission.objects.filter(slug__startswith=PREFIX).values_list("slug", "id")
    )
    items = portfolio.items
    return {
        "missions": missions,
        "partners": _insert(
            plans.MissionPartner,
            ("mission_id", "agency_id"),
            (
                (ids[item.slug], agencies[code])
                for item in items
                for code in item.partners
            ),
        ),
        "objective links": _insert(
            plans.MissionObjective,
            ("mission_id", "objective_id", "basis"),
            (
                (ids[item.slug], objectives[link.code], link.basis)
                for item in items
                for link in item.objectives
            ),
        ),
        "capability links": _insert(
            plans.MissionCapability,
            ("mission_id", "capability_id", "direction"),
            _capability_rows(items, ids, capabilities),
        ),
        "dependencies": _insert(
            plans.Dependency,
            ("upstream_id", "downstream_id", "kind", "lag_months"),
            (
                (
                    ids[link.upstream],
                    ids[link.downstream],
                    link.kind,
                    int(link.lag_months),
                )
                for link in portfolio.dependencies
            ),
        ),
    }


def _mission_row(
    item: PlanItem, lead_id: int, destination_id: int, note: str
) -> tuple[Any, ...]:
    """Return a mission's values in the order of ``MISSION_COLUMNS``."""
    return (
        item.slug,
        item.name,
        lead_id,
        destination_id,
        item.crewed,
        item.kind,
        item.status,
        plans.Mission.Confidence.NOTIONAL.value,
        _date(item.planned.start) if item.planned else None,
        item.planned.precision if item.planned else "",
        item.planned.qualifier if item.planned else "",
        _date(item.launched.start) if item.launched else None,
        item.launched.precision if item.launched else "",
        item.duration_days,
        item.site.name if item.site else "",
        item.site.latitude if item.site else None,
        item.site.longitude if item.site else None,
        item.site.kind if item.site else "",
        note,
    )


def _capability_rows(
    items: Iterable[PlanItem], ids: dict[str, int], capabilities: dict[str, int]
) -> Iterator[tuple[int, int, str]]:
    for item in items:
        for direction, codes in (("provides", item.provides), ("needs", item.needs)):
            for code in codes:
                yield ids[item.slug], capabilities[code], direction
