"""``ger diff A B [--json]``: what changed from one edition to another."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ger.editions.diff import diff_snapshots, render_text
from ger.editions.models import SnapshotCorruptError
from ger.editions.workflow import edition_snapshot, find_edition


class Command(BaseCommand):
    help = (
        "Compare two editions (code or slug): missions added, removed, cancelled, "
        "re-planned, changed, and those only one record holds; membership; a summary "
        "by agency."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("old", help="The earlier edition's code or slug.")
        parser.add_argument("new", help="The later edition's code or slug.")
        parser.add_argument(
            "--json", action="store_true", help="Print machine-readable JSON."
        )
        parser.add_argument(
            "--as-issued",
            action="store_true",
            help="Compare the issues named even when a corrected re-issue supersedes "
            "one (by default each edition's latest issue is compared).",
        )
        parser.add_argument(
            "--evidence",
            action="store_true",
            help="Under each change, name the statements and sources behind it.",
        )

    def handle(self, *args: Any, **options: Any) -> str:
        editions = []
        for key in (options["old"], options["new"]):
            edition = find_edition(key)
            if edition is None:
                raise CommandError(f"{key}: no edition has this code or slug")
            latest = edition if options["as_issued"] else edition.latest_issue()
            if latest.pk != edition.pk:
                self.stderr.write(
                    f"{edition.code} is superseded by its corrected re-issue "
                    f"{latest.code}, which is compared (--as-issued compares "
                    f"{edition.code} itself)."
                )
            editions.append(latest)
        try:
            result = diff_snapshots(*(edition_snapshot(e) for e in editions))
        except SnapshotCorruptError as problem:
            raise CommandError(str(problem)) from None
        if options["json"]:
            return json.dumps(result.as_dict(), ensure_ascii=False, indent=2)
        return render_text(result, evidence=options["evidence"]).rstrip("\n")
