"""Names of reference records, read once per plan generation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ger.plancache import plan_cached
from ger.plans.models import Destination
from ger.translated_content import TranslatedText, translated_as_stated


def destination_names() -> dict[str, str]:
    """Return every destination's name by slug, in the tree's order, kept for the
    plan generation."""
    return plan_cached(
        "destination-names",
        lambda: dict(
            Destination.objects.order_by("position", "slug").values_list("slug", "name")
        ),
    )


def destination_records() -> dict[str, tuple[str, dict[str, Any]]]:
    """Return every destination's English name and translations by slug."""
    return plan_cached(
        "destination-records",
        lambda: {
            slug: (name, translations or {})
            for slug, name, translations in Destination.objects.values_list(
                "slug", "name", "translations"
            )
        },
    )


def translated_destination_names(
    stated: Mapping[str, str] | None = None,
) -> dict[str, TranslatedText]:
    """Return destination names in the active language, by slug.

    ``stated`` are the names an edition recorded (by slug); each is translated
    only while it is still the destination's own name, else shown in English.
    """
    records = destination_records()
    names = stated or {slug: name for slug, (name, _t) in records.items()}
    return {
        slug: translated_as_stated(
            records.get(slug, ("", {}))[1],
            "name",
            name,
            records.get(slug, ("", {}))[0],
        )
        for slug, name in names.items()
    }
