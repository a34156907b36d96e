"""``ger seed``: load the bundled reference data set (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ger.dataset.translations import translation_paths
from ger.dataset.writing import load_files


class Command(BaseCommand):
    help = (
        "Load the bundled reference data set (the real roadmap editions); repeatable."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only when the database holds no agency yet.",
        )

    def handle(self, *args: Any, **options: Any) -> str:
        from ger.registry.models import Agency

        if options["if_empty"] and Agency.objects.exists():
            return "The database already holds data; nothing loaded."
        data_dir = Path(settings.GER_DATA_DIR)
        paths = sorted(data_dir.glob("*.yaml"))
        if not paths:
            raise CommandError(f"No *.yaml files in GER_DATA_DIR={data_dir}")
        summary, problems = load_files(
            paths, author="ger seed", translation_files=translation_paths(data_dir)
        )
        if summary is None:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(problems)} problem(s) in the bundled data; nothing was written."
            )
        return str(summary)
