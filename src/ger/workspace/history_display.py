"""How revisions read on screen: field labels and values as text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ger.history.models import Revision
from ger.history.services import as_text
from ger.plans.services import field_label


def label_of(record_type: str, name: str) -> str:
    """Return the human name of a field of a kind of record."""
    if record_type == Revision.RecordType.MISSION:
        return field_label(name)
    return name.replace("_", " ")


def value_text(value: Any) -> str:
    """Return a revision value as text; partners read as "ESA (role)"."""
    if value and isinstance(value, list) and isinstance(value[0], dict):
        return "; ".join(
            f"{item.get('agency', as_text(item))}"
            + (f" ({item['role']})" if item.get("role") else "")
            + (" ?" if item.get("uncertain") else "")
            for item in value
        )
    text = as_text(value)
    return text if text else "—"


def change_rows(
    revisions: Iterable[Revision], record_type: str
) -> list[dict[str, Any]]:
    """Return one row per changed field: when, who, field, before, after."""
    return [
        {
            "revision": revision,
            "field": label_of(record_type, name),
            "before": value_text(before),
            "after": value_text(after),
        }
        for revision in revisions
        for name, before, after in revision.change_rows()
    ]
