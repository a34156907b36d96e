"""``ger import FILE…``: load agencies, missions and more from YAML or CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ger.dataset.writing import load_files


class Command(BaseCommand):
    help = (
        "Load files in GER's data format (docs/data-format.md): all or nothing; "
        "every problem is printed as file:line: field: message."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files", nargs="+", type=Path, help="YAML files, or CSV files of missions"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> str:
        summary, problems = load_files(options["files"], dry_run=options["dry_run"])
        if summary is None:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(problems)} problem(s) found; nothing was written."
            )
        prefix = "Dry run, nothing written:\n" if options["dry_run"] else ""
        return prefix + str(summary)
