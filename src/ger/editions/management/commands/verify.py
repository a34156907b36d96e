"""``ger verify``: check the revision chain, that each mission's version matches its
history, and every published edition's hash."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max

from ger.editions.integrity import verify_editions
from ger.history.chain import verify_chain
from ger.history.models import Revision
from ger.plans.models import Mission


def mission_version_problems() -> tuple[list[str], int]:
    """Return the missions whose version is not their newest revision's, and how
    many missions have no revision at all (stored before loads recorded any)."""
    newest = dict(
        Revision.objects.filter(record_type=Revision.RecordType.MISSION)
        .exclude(action=Revision.Action.DELETE)
        .values("object_id")
        .annotate(version=Max("version"))
        .values_list("object_id", "version")
    )
    problems, unrecorded = [], 0
    for pk, slug, version in Mission.objects.order_by("slug").values_list(
        "pk", "slug", "version"
    ):
        if pk not in newest:
            unrecorded += 1
        elif newest[pk] != version:
            problems.append(
                f"mission {slug}: at version {version} but its newest revision "
                f"is version {newest[pk]}: a change was written without a revision"
            )
    return problems, unrecorded


class Command(BaseCommand):
    help = "Verify the history chain and every published edition (hash, dates, errata)."

    def handle(self, *args: Any, **options: Any) -> str:
        problems: list[str] = []
        checked, broken = verify_chain(Revision.objects.order_by("id").iterator())
        if broken is not None:
            problems.append(f"history: revision {broken.revision_id} {broken.reason}")
        version_problems, unrecorded = mission_version_problems()
        problems.extend(version_problems)
        editions = verify_editions()
        problems.extend(editions.problems)
        for line in editions.chains:
            self.stdout.write(f"erratum: {line}")
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} integrity problem(s) found.")
        note = (
            f" ({unrecorded} missions stored before loads recorded revisions have "
            "none; they are checked from their next change)"
            if unrecorded
            else ""
        )
        return (
            f"History chain intact ({checked} revisions); every mission's version "
            f"matches its history{note}; "
            f"{editions.checked} published edition snapshots match their SHA-256; "
            "none holds a statement known after its release; "
            f"{len(editions.chains)} errata link to the issues they correct."
        )
