"""``ger verify``: check the revision chain and every published edition's hash."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ger.editions.integrity import verify_editions
from ger.history.chain import verify_chain
from ger.history.models import Revision


class Command(BaseCommand):
    help = "Verify the history chain and every published edition (hash, dates, errata)."

    def handle(self, *args: Any, **options: Any) -> str:
        problems: list[str] = []
        checked, broken = verify_chain(Revision.objects.order_by("id").iterator())
        if broken is not None:
            problems.append(f"history: revision {broken.revision_id} {broken.reason}")
        editions = verify_editions()
        problems.extend(editions.problems)
        for line in editions.chains:
            self.stdout.write(f"erratum: {line}")
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} integrity problem(s) found.")
        return (
            f"History chain intact ({checked} revisions); "
            f"{editions.checked} published edition snapshots match their SHA-256; "
            "none holds a statement known after its release; "
            f"{len(editions.chains)} errata link to the issues they correct."
        )
