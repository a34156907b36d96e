"""How revisions read on screen: field labels and values as text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from ger.history.models import Revision
from ger.history.services import as_text
from ger.plans.services import field_label

STATEMENT = "statement "


def label_of(record_type: str, name: str) -> str:
    """Return the human name of a field of a kind of record."""
    if record_type == Revision.RecordType.MISSION and name.startswith(STATEMENT):
        return _("as stated in %(edition)s") % {"edition": name[len(STATEMENT) :]}
    if record_type == Revision.RecordType.MISSION:
        return field_label(name)
    return name.replace("_", " ")


def statement_text(facts: dict[str, Any]) -> str:
    """Return an edition's statement about a mission as a line a reader can read."""
    from ger.editions.diff import BASIS_WORDS
    from ger.plans.names import destination_names

    places = destination_names()
    parts = [str(facts[key]) for key in ("name", "lead_code") if facts.get(key)]
    if facts.get("destination_slug"):
        slug = str(facts["destination_slug"])
        parts.append(str(places.get(slug, slug)))
    if "crewed" in facts:
        parts.append(_("crewed") if facts["crewed"] else _("robotic"))
    if facts.get("launch"):
        parts.append(_("planned %(date)s") % {"date": facts["launch"]})
    if facts.get("statement"):
        parts.append(f"“{facts['statement']}”")
    basis = str(BASIS_WORDS.get(str(facts.get("basis", "")), facts.get("basis", "")))
    known = facts.get("known_since")
    parts.append(
        _("%(basis)s, known since %(date)s") % {"basis": basis, "date": known}
        if known
        else basis
    )
    return " · ".join(part for part in parts if part)


def value_text(value: Any) -> str:
    """Return a revision value as text; partners read as "ESA (role)"."""
    if isinstance(value, dict) and "basis" in value and "in_edition" in value:
        return statement_text(value)
    if value and isinstance(value, list) and isinstance(value[0], dict):
        return "; ".join(
            f"{item.get('agency', as_text(item))}"
            + (f" ({item['role']})" if item.get("role") else "")
            + (" ?" if item.get("uncertain") else "")
            for item in value
        )
    text = as_text(value)
    return text if text else "—"


def named_value_text(name: str, value: Any) -> str:
    """Return a mission field's value as text, with names instead of codes."""
    # Imported here: the models are only needed for the fields that hold codes.
    from ger.objectives.models import Objective
    from ger.plans.models import Capability, Destination

    lookups: dict[str, Any] = {
        "destination": lambda keys: dict(
            Destination.objects.filter(slug__in=keys).values_list("slug", "name")
        ),
        "objectives": lambda keys: {
            code: f"{code} {title}"
            for code, title in Objective.objects.filter(code__in=keys).values_list(
                "code", "title"
            )
        },
        "provides": lambda keys: dict(
            Capability.objects.filter(code__in=keys).values_list("code", "name")
        ),
        "needs": lambda keys: dict(
            Capability.objects.filter(code__in=keys).values_list("code", "name")
        ),
    }
    if name not in lookups or not value:
        return value_text(value)
    keys = value if isinstance(value, list) else [value]
    names = lookups[name]([str(key) for key in keys])
    return "; ".join(names.get(str(key), str(key)) for key in keys)


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
