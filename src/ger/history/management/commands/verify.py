"""``ger verify``: check the revision chain and every published edition's hash."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ger.editions.models import Edition, SnapshotCorruptError
from ger.history.chain import verify_chain
from ger.history.models import Revision


class Command(BaseCommand):
    help = "Verify the history chain and the hash of every published edition."

    def handle(self, *args: Any, **options: Any) -> str:
        problems: list[str] = []
        checked, broken = verify_chain(Revision.objects.order_by("id").iterator())
        if broken is not None:
            problems.append(f"history: revision {broken.revision_id} {broken.reason}")
        editions = list(Edition.objects.published().order_by("code"))
        for edition in editions:
            try:
                edition.verified_snapshot()
            except SnapshotCorruptError as error:
                problems.append(f"edition {edition.code}: {error}")
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} integrity problem(s) found.")
        return (
            f"History chain intact ({checked} revisions); "
            f"{len(editions)} published edition snapshots match their SHA-256."
        )
