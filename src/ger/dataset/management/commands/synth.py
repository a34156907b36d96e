"""``ger synth``: fill the database with plausible synthetic missions for benchmarks."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.utils import timezone

from ger.analysis.model import Portfolio
from ger.analysis.synthetic import CAPABILITIES, DESTINATIONS, synthetic_portfolio
from ger.objectives.models import Objective
from ger.plancache import plan_changed_in_bulk
from ger.plans.models import (
    Capability,
    Dependency,
    Destination,
    Mission,
    MissionCapability,
    MissionObjective,
    MissionPartner,
)
from ger.registry.models import Agency
from ger.search.indexing import rebuild_search_index

PREFIX = "syn-"
BATCH = 5000
MISSION_COLUMNS = (
    "slug",
    "name",
    "lead_id",
    "destination_id",
    "crewed",
    "kind",
    "status",
    "confidence",
    "planned_launch_on",
    "planned_launch_precision",
    "planned_launch_qualifier",
    "actual_launch_on",
    "actual_launch_precision",
    "duration_days",
    "site_name",
    "site_latitude",
    "site_longitude",
    "site_kind",
    "description",
)


class Command(BaseCommand):
    help = (
        "Replace the synthetic missions (slugs starting 'syn-') with N new ones: "
        "agencies, partners, objectives, capabilities, landing sites, dependencies."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--missions", type=int, default=1000)
        parser.add_argument("--agencies", type=int, default=30)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--index",
            action="store_true",
            help="Rebuild the search index afterwards (about 30 s per 100,000).",
        )
        parser.add_argument(
            "--allow-mixed",
            action="store_true",
            help="Write even though the database holds real (non-synthetic) missions.",
        )

    def handle(self, *args: Any, **options: Any) -> str:
        if options["missions"] < 1 or not 2 <= options["agencies"] <= 999:
            raise CommandError("--missions must be >= 1 and --agencies 2 to 999")
        real = Mission.objects.exclude(slug__startswith=PREFIX).exists()
        if real and not options["allow_mixed"]:
            raise CommandError(
                "the database holds real missions; synthetic ones would show among "
                "them. Use an empty database (e.g. GER_VAR_DIR=/tmp/bench) or "
                "--allow-mixed."
            )
        began = time.perf_counter()
        portfolio = synthetic_portfolio(
            options["missions"], options["agencies"], options["seed"]
        )
        generated = time.perf_counter()
        with transaction.atomic():
            removed = remove_synthetic()
            counts = write(portfolio, options["seed"])
            plan_changed_in_bulk()  # raw writes send no signals
        done = time.perf_counter()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        if options["index"]:
            entries = rebuild_search_index()
            index = f" Search index rebuilt: {entries} entries."
        else:
            index = " Search index not rebuilt (use --index)."
        return (
            f"Removed {removed} earlier synthetic missions; wrote {summary} "
            f"(generated in {generated - began:.1f} s, written in "
            f"{done - generated:.1f} s).{index}"
        )


def remove_synthetic() -> int:
    """Delete the synthetic missions and every row pointing at them; return how many.

    Raw deletes skip the per-row signals (the search index listens to them),
    which would otherwise cost seconds per thousand missions; ``--index``
    rebuilds the index afterwards instead, as the data loader does.
    """
    missions = Mission.objects.filter(slug__startswith=PREFIX)
    for relation in Mission._meta.related_objects:
        if relation.many_to_many or relation.field is None:
            continue
        model = relation.related_model
        assert isinstance(model, type)
        related = model._default_manager.filter(
            **{f"{relation.field.name}__in": missions}
        )
        if relation.on_delete is models.PROTECT and related.exists():
            raise CommandError(
                f"{model._meta.verbose_name} rows protect the synthetic missions; "
                "remove them first"
            )
        related._raw_delete(related.db)
    removed = missions.count()
    missions._raw_delete(missions.db)
    return removed


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
            parent, _created = Destination.objects.get_or_create(
                slug=level,
                defaults={
                    "name": level.replace("-", " ").capitalize(),
                    "parent": parent,
                },
            )
    Capability.objects.bulk_create(
        [Capability(code=code, name=code.replace("_", " ")) for code in CAPABILITIES],
        ignore_conflicts=True,
    )
    Objective.objects.bulk_create(
        [Objective(code=o.code, title=o.title) for o in portfolio.objectives],
        ignore_conflicts=True,
    )
    return (
        dict(Agency.objects.filter(code__in=codes).values_list("code", "id")),
        dict(Destination.objects.values_list("slug", "id")),
        dict(Capability.objects.values_list("code", "id")),
        dict(Objective.objects.values_list("code", "id")),
    )


def write(portfolio: Portfolio, seed: int) -> dict[str, int]:
    """Insert the portfolio's missions and links in batches; return the counts."""
    agencies, destinations, capabilities, objectives = _reference_rows(portfolio)
    note = f"Synthetic mission written by ger synth (seed {seed})."
    notional = Mission.Confidence.NOTIONAL.value
    missions = _insert(
        Mission,
        MISSION_COLUMNS,
        (
            (
                item.slug,
                item.name,
                agencies[item.lead],
                destinations[item.destination],
                item.crewed,
                item.kind,
                item.status,
                notional,
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
            for item in portfolio.items
        ),
    )
    ids = dict(
        Mission.objects.filter(slug__startswith=PREFIX).values_list("slug", "id")
    )
    items = portfolio.items
    return {
        "missions": missions,
        "partners": _insert(
            MissionPartner,
            ("mission_id", "agency_id"),
            (
                (ids[item.slug], agencies[code])
                for item in items
                for code in item.partners
            ),
        ),
        "objective links": _insert(
            MissionObjective,
            ("mission_id", "objective_id", "basis"),
            (
                (ids[item.slug], objectives[link.code], link.basis)
                for item in items
                for link in item.objectives
            ),
        ),
        "capability links": _insert(
            MissionCapability,
            ("mission_id", "capability_id", "direction"),
            (
                (ids[item.slug], capabilities[code], direction)
                for item in items
                for direction, codes in (
                    ("provides", item.provides),
                    ("needs", item.needs),
                )
                for code in codes
            ),
        ),
        "dependencies": _insert(
            Dependency,
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
