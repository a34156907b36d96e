"""``ger verify``: check the revision chain, that each mission's version matches its
history, and every published edition's hash."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max

from ger.editions.models import Edition, SnapshotCorruptError
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
    help = "Verify the history chain and the hash of every published edition."

    def handle(self, *args: Any, **options: Any) -> str:
        problems: list[str] = []
        checked, broken = verify_chain(Revision.objects.order_by("id").iterator())
        if broken is not None:
            problems.append(f"history: revision {broken.revision_id} {broken.reason}")
        version_problems, unrecorded = mission_version_problems()
        problems.extend(version_problems)
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
        note = (
            f" ({unrecorded} missions stored before loads recorded revisions have "
            "none; they are checked from their next change)"
            if unrecorded
            else ""
        )
        return (
            f"History chain intact ({checked} revisions); every mission's version "
            f"matches its history{note}; "
            f"{len(editions)} published edition snapshots match their SHA-256."
        )
