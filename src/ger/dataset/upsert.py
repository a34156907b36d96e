"""Upserts by key, the summary of a load, and child rows replaced as sets."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import models

BOOKKEEPING = {"file", "line", "label", "present", "lines"}


@dataclass
class LoadSummary:
    """What a load created, updated and left unchanged, by kind of record."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    published: list[str] = field(default_factory=list)
    translated: int = 0  # records whose translations a load changed

    @property
    def changed(self) -> bool:
        return bool(
            sum(self.created.values()) or sum(self.updated.values()) or self.published
        )

    def __str__(self) -> str:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        lines = [
            f"{kind}: {self.created[kind]} created, {self.updated[kind]} updated, "
            f"{self.unchanged[kind]} unchanged"
            for kind in kinds
        ]
        lines += [f"published edition {code}" for code in self.published]
        if self.translated:
            lines.append(f"translations: {self.translated} records updated")
        return "\n".join(lines) if lines else "nothing to load"


def record_fields(
    record: dict[str, Any], exclude: set[str] | None = None
) -> dict[str, Any]:
    skip = BOOKKEEPING | (exclude or set())
    return {name: value for name, value in record.items() if name not in skip}


def label_of(model: type[models.Model]) -> str:
    return str(model._meta.verbose_name_plural)


def upsert(
    model: type[models.Model],
    key: str,
    rows: list[dict[str, Any]],
    summary: LoadSummary,
    touch: dict[str, Any] | None = None,
) -> dict[Any, Any]:
    """Create or update ``rows`` matched on ``key``; return the instances by key."""
    existing = {
        getattr(obj, key): obj
        for obj in model._default_manager.filter(
            **{f"{key}__in": [r[key] for r in rows]}
        )
    }
    created, updated, changed_fields = [], [], set()
    for values in rows:
        obj = existing.get(values[key])
        if obj is None:
            obj = model(**values)
            created.append(obj)
            existing[values[key]] = obj
            continue
        diff = [name for name, value in values.items() if getattr(obj, name) != value]
        if not diff:
            summary.unchanged[label_of(model)] += 1
            continue
        for name in diff:
            setattr(obj, name, values[name])
        for name, value in (touch or {}).items():
            setattr(obj, name, value(obj) if callable(value) else value)
            diff.append(name)
        updated.append(obj)
        changed_fields.update(diff)
    model._default_manager.bulk_create(created, batch_size=1000)
    if updated:
        model._default_manager.bulk_update(
            updated, sorted(changed_fields), batch_size=1000
        )
    summary.created[label_of(model)] += len(created)
    summary.updated[label_of(model)] += len(updated)
    return existing


def replace_children(
    model: type[models.Model],
    summary: LoadSummary,
    wanted: dict[int, list[dict[str, Any]]],
    frozen_editions: set[int] | None = None,
) -> None:
    """Make each mission's rows of ``model`` equal ``wanted``, touching only changes."""
    if not wanted:
        return
    names = sorted({name for rows in wanted.values() for row in rows for name in row})
    current: dict[int, list[dict[str, Any]]] = {}
    queryset = model._default_manager.filter(mission_id__in=list(wanted))
    if frozen_editions:
        queryset = queryset.exclude(edition_id__in=frozen_editions)
        # Rows of published editions were checked equal before writing.
        summary.unchanged[label_of(model)] += sum(
            row["edition_id"] in frozen_editions
            for rows in wanted.values()
            for row in rows
        )
        wanted = {
            mission: [row for row in rows if row["edition_id"] not in frozen_editions]
            for mission, rows in wanted.items()
        }
    for row in (
        queryset.values("mission_id", *names)
        if names
        else queryset.values("mission_id")
    ):
        current.setdefault(row.pop("mission_id"), []).append(row)
    stale: list[int] = []
    fresh: list[models.Model] = []
    for mission_id, rows in wanted.items():
        if _as_set(current.get(mission_id, [])) == _as_set(rows):
            summary.unchanged[label_of(model)] += len(rows)
            continue
        stale.append(mission_id)
        fresh.extend(model(mission_id=mission_id, **row) for row in rows)
        # Rows are replaced as a set: count them as created, or as updated
        # when the mission already had some.
        counter = summary.updated if current.get(mission_id) else summary.created
        counter[label_of(model)] += len(rows)
    if stale:
        model._default_manager.filter(mission_id__in=stale).exclude(
            **({"edition_id__in": frozen_editions} if frozen_editions else {})
        ).delete()
        model._default_manager.bulk_create(fresh, batch_size=1000)


def _as_set(rows: list[dict[str, Any]]) -> set[str]:
    # Sorted keys at every depth: PostgreSQL's jsonb does not keep key order.
    return {json.dumps(row, sort_keys=True, default=str) for row in rows}
