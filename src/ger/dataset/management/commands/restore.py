"""``ger restore FILE``: load a backup into an empty database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ger.dataset.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `ger backup` into an empty, migrated database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> str:
        try:
            summary = restore_backup(options["file"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        call_command("verify", verbosity=0)
        return (
            f"Restored {summary.records} records; history chain and editions verified."
        )
