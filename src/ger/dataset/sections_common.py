"""Field helpers shared by the section readers."""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify

from ger.dataset.fields import Record
from ger.plandates import PlanDate

SLUG_MAX = {"missions": 80, "destinations": 40, "editions": 60}


def date_fields(
    prefix: str, date: PlanDate | None, qualified: bool = False
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        f"{prefix}_on": date.start if date else None,
        f"{prefix}_precision": str(date.precision) if date else "",
    }
    if qualified:
        fields[f"{prefix}_qualifier"] = str(date.qualifier) if date else ""
    return fields


def slug_field(record: Record, key: str, section: str) -> str:
    slug = record.text(key, required=True)
    if slug and slug != slugify(slug):
        record.report(
            key, f"{slug!r} is not a slug (lowercase letters, digits, hyphens)"
        )
    if len(slug) > SLUG_MAX.get(section, 40):
        record.report(key, f"is longer than {SLUG_MAX.get(section, 40)} characters")
    return slug
