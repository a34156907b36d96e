"""``ger synth``: fill the database with plausible synthetic missions for benchmarks."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction

from ger.analysis.synthetic import synthetic_portfolio
from ger.dataset.synthetic_rows import PREFIX, write_portfolio
from ger.plancache import plan_changed_in_bulk
from ger.plans.models import Mission
from ger.search.indexing import rebuild_search_index


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
            counts = write_portfolio(portfolio, options["seed"])
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
