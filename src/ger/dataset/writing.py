"""Write a checked data set to the database: upsert by key, in one transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from ger.dataset.fields import Problem
from ger.dataset.load_history import mission_states, record_load_revisions
from ger.dataset.mission_writing import write_missions
from ger.dataset.reading import DataSet, read_files
from ger.dataset.references import check_references
from ger.dataset.translations import read_translations, write_translations
from ger.dataset.upsert import (
    LoadSummary,
    label_of,
    record_fields,
    upsert,
)
from ger.editions.models import Edition
from ger.editions.services import publish_edition, refresh_draft_snapshot
from ger.objectives.models import Goal, Objective, Theme
from ger.plancache import plan_changed_in_bulk
from ger.plans.models import (
    Capability,
    Dependency,
    Destination,
    Mission,
)
from ger.registry.models import Agency, Membership, MembershipCount
from ger.search.indexing import rebuild_search_index


def load_files(
    paths: list[Path],
    dry_run: bool = False,
    author: str = "ger import",
    translation_files: list[Path] | None = None,
) -> tuple[LoadSummary | None, list[Problem]]:
    """Check the files and, when they hold no problem, write them in one transaction.

    Each mission created or changed gets a revision by ``author`` naming the files.
    ``translation_files`` (``translations/<language>.yaml``) are checked against the
    data and written into the records' translations in the same transaction.
    """
    dataset = read_files(paths)
    check_references(dataset)
    translations = read_translations(translation_files or [], dataset)
    if dataset.problems or translations.problems:
        return None, sorted(set(dataset.problems + translations.problems))
    slugs = [record["slug"] for record in dataset["missions"]]
    with transaction.atomic():
        before = mission_states(slugs)
        summary = write_dataset(dataset)
        summary.translated = write_translations(translations)
        note = "loaded from " + ", ".join(path.name for path in paths)
        record_load_revisions(before, slugs, author, note)
        if dry_run:
            transaction.set_rollback(True)
        else:
            plan_changed_in_bulk()  # rows written in bulk send no signals
    return summary, []


def write_dataset(dataset: DataSet) -> LoadSummary:
    """Write every record of a checked data set; the caller holds the transaction."""
    summary = LoadSummary()
    _write_counts(dataset["membership_counts"], summary)
    agencies = upsert(
        Agency,
        "code",
        [record_fields(a, exclude={"member"}) for a in dataset["agencies"]],
        summary,
    )
    agency_ids = dict(Agency.objects.values_list("code", "id"))
    _write_memberships(dataset["agencies"], agencies, summary)
    _write_destinations(dataset["destinations"], summary)
    upsert(
        Capability, "code", [record_fields(c) for c in dataset["capabilities"]], summary
    )
    upsert(Theme, "code", [record_fields(t) for t in dataset["themes"]], summary)
    upsert(Goal, "code", [record_fields(g) for g in dataset["goals"]], summary)
    goal_ids = dict(Goal.objects.values_list("code", "id"))
    theme_ids = dict(Theme.objects.values_list("code", "id"))
    upsert(
        Objective,
        "code",
        [
            {
                **record_fields(o, exclude={"goal", "theme"}),
                "goal_id": goal_ids.get(o["goal"]),
                "theme_id": theme_ids.get(o["theme"]),
            }
            for o in dataset["objectives"]
        ],
        summary,
    )
    to_publish = _write_editions(dataset["editions"], summary)
    write_missions(dataset["missions"], agency_ids, summary)
    _write_dependencies(dataset["dependencies"], summary)
    for code, frozen in to_publish:
        publish_edition(Edition.objects.get(code=code), frozen)
        summary.published.append(code)
    for draft in Edition.objects.filter(kind=Edition.Kind.WORKING_DRAFT).exclude(
        status=Edition.Status.PUBLISHED
    ):
        refresh_draft_snapshot(draft)
    if summary.changed:
        rebuild_search_index()
    return summary


def _write_counts(records: list[dict[str, Any]], summary: LoadSummary) -> None:
    for record in records:
        values = record_fields(record)
        key = {"counted_on": values.pop("counted_on"), "count": values.pop("count")}
        _, created = MembershipCount.objects.get_or_create(**key, defaults=values)
        if created:
            summary.created[label_of(MembershipCount)] += 1
        elif MembershipCount.objects.filter(**key, **values).exists():
            summary.unchanged[label_of(MembershipCount)] += 1
        else:
            MembershipCount.objects.filter(**key).update(**values)
            summary.updated[label_of(MembershipCount)] += 1


def _write_memberships(
    records: list[dict[str, Any]], agencies: dict[Any, Any], summary: LoadSummary
) -> None:
    rows = [
        {"agency_id": agencies[record["code"]].pk, **record["member"]}
        for record in records
        if record["member"] is not None
    ]
    upsert(Membership, "agency_id", rows, summary)


def _write_destinations(records: list[dict[str, Any]], summary: LoadSummary) -> None:
    # Parents first: a record's parent is listed earlier or already stored.
    for position, record in enumerate(records):
        parent_id = (
            Destination.objects.values_list("id", flat=True).get(slug=record["parent"])
            if record["parent"]
            else None
        )
        upsert(
            Destination,
            "slug",
            [
                {
                    **record_fields(record, exclude={"parent"}),
                    "parent_id": parent_id,
                    "position": position,
                }
            ],
            summary,
        )


def _write_editions(
    records: list[dict[str, Any]], summary: LoadSummary
) -> list[tuple[str, dict[str, Any] | None]]:
    """Write editions (published ones as drafts first); return those to publish.

    Each comes with the frozen snapshot it was first published with, if the data
    ships one; first issues come before the re-issues that correct them.
    """
    published = set(Edition.objects.published().values_list("code", flat=True))
    to_publish, rows = [], []
    for record in records:
        if record["code"] in published:
            # Only the readers' summary, which is not part of the snapshot, may
            # be reworded once an edition is published.
            changed = Edition.objects.filter(code=record["code"]).exclude(
                summary=record["summary"]
            )
            if changed.update(summary=record["summary"]):
                summary.updated[label_of(Edition)] += 1
            else:
                summary.unchanged[label_of(Edition)] += 1
            continue
        values = record_fields(record, exclude={"supersedes", "frozen_snapshot"})
        if values["status"] == Edition.Status.PUBLISHED:
            values["status"] = Edition.Status.DRAFT
            to_publish.append((record["code"], record["frozen_snapshot"]))
        rows.append(values)
    upsert(Edition, "code", rows, summary)
    ids = dict(Edition.objects.values_list("code", "id"))
    for record in records:
        if record["code"] not in published:
            Edition.objects.filter(code=record["code"]).exclude(
                supersedes_id=ids.get(record["supersedes"])
            ).update(supersedes_id=ids.get(record["supersedes"]))
    corrects = {r["code"]: r["supersedes"] for r in records if r["supersedes"]}
    return sorted(to_publish, key=lambda item: _issue_depth(item[0], corrects))


def _issue_depth(code: str, corrects: dict[str, str]) -> int:
    depth, seen = 0, {code}
    while code in corrects and corrects[code] not in seen:
        code = corrects[code]
        seen.add(code)
        depth += 1
    return depth


def _write_dependencies(records: list[dict[str, Any]], summary: LoadSummary) -> None:
    ids = dict(Mission.objects.values_list("slug", "id"))
    existing = {
        (d.upstream_id, d.downstream_id, d.kind): d
        for d in Dependency.objects.filter(
            upstream_id__in=[ids[r["upstream"]] for r in records]
        )
    }
    created, updated, fields = [], [], set()
    for record in records:
        values = record_fields(record, exclude={"upstream", "downstream"})
        key = (ids[record["upstream"]], ids[record["downstream"]], record["kind"])
        dependency = existing.get(key)
        if dependency is None:
            created.append(
                Dependency(upstream_id=key[0], downstream_id=key[1], **values)
            )
            continue
        diff = [
            name for name, value in values.items() if getattr(dependency, name) != value
        ]
        if diff:
            for name in diff:
                setattr(dependency, name, values[name])
            updated.append(dependency)
            fields.update(diff)
        else:
            summary.unchanged[label_of(Dependency)] += 1
    Dependency.objects.bulk_create(created, batch_size=1000)
    if updated:
        Dependency.objects.bulk_update(updated, sorted(fields), batch_size=1000)
    summary.created[label_of(Dependency)] += len(created)
    summary.updated[label_of(Dependency)] += len(updated)
