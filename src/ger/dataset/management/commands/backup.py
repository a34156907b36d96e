"""``ger backup FILE``: write a checksummed, versioned dump of everything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ger.dataset.backup import write_backup


class Command(BaseCommand):
    help = "Write a portable backup (gzipped JSON, with a SHA-256) of all records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help="where to write, e.g. ger-2026-11-26.json.gz"
        )

    def handle(self, *args: Any, **options: Any) -> str:
        path: Path = options["file"]
        if not path.parent.exists():
            raise CommandError(f"file: the folder {path.parent} does not exist")
        try:
            summary = write_backup(path)
        except OSError as error:
            raise CommandError(f"file: cannot write {path}: {error.strerror}") from None
        return f"Wrote {summary.records} records to {path} (SHA-256 {summary.sha256})."
