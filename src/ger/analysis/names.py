"""The names the analyses print, in the active language, read in bulk.

Destinations with their path from the root, objectives, agencies and capabilities:
a stated name (an edition's) is translated only while it is still the record's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ger.analysis.model import ObjectiveInfo
from ger.objectives.models import Objective
from ger.plans.models import Capability, Destination
from ger.registry.models import Agency
from ger.translated_content import translated, translated_as_stated

Translations = dict[str, tuple[str, dict[str, Any]]]


def destinations() -> tuple[dict[str, tuple[str, ...]], dict[str, str], Translations]:
    """Return each destination's path from the root, its name, and its translations."""
    rows = list(
        Destination.objects.values_list("slug", "name", "parent__slug", "translations")
    )
    parents = {slug: parent for slug, _name, parent, _t in rows}
    paths = {}
    for slug in parents:
        path: list[str] = []
        node: str | None = slug
        while node is not None and node not in path:
            path.append(node)
            node = parents.get(node)
        paths[slug] = tuple(reversed(path))
    return (
        paths,
        {slug: name for slug, name, _parent, _t in rows},
        {
            slug: (name, translations or {})
            for slug, name, _parent, translations in rows
        },
    )


def in_language(stated: Mapping[str, str], records: Translations) -> dict[str, str]:
    """Return destination names (by slug) in the active language, English marked.

    A stated name is translated only while it is still the destination's own.
    """
    return {
        slug: str(
            translated_as_stated(
                records.get(slug, ("", {}))[1],
                "name",
                name,
                records.get(slug, ("", {}))[0],
            )
        )
        for slug, name in stated.items()
    }


def objective_titles(
    stated: Iterable[tuple[str, str, str]] | None = None,
) -> tuple[ObjectiveInfo, ...]:
    """Return objectives with their titles in the active language.

    ``stated`` are (code, title, goal) an edition recorded: a title is translated
    only while it is still the objective's own.
    """
    records = {
        code: (title, translations, goal or "")
        for code, title, translations, goal in Objective.objects.values_list(
            "code", "title", "translations", "goal__code"
        )
    }
    if stated is None:
        stated = [(code, title, goal) for code, (title, _t, goal) in records.items()]
    found = []
    for code, title, goal in stated:
        current, translations, _goal = records.get(code, ("", {}, ""))
        text = translated_as_stated(translations, "title", title, current)
        found.append(ObjectiveInfo(code, str(text), goal))
    return tuple(found)


def names_in_language(
    destination_names: dict[str, str], translations: Translations
) -> dict[str, Any]:
    return {
        "objectives": objective_titles(),
        "agency_names": {
            code: str(translated(translations, "name", name))
            for code, name, translations in Agency.objects.values_list(
                "code", "name", "translations"
            )
        },
        "destination_names": in_language(destination_names, translations),
        "capability_names": {
            code: str(translated(translations, "name", name))
            for code, name, translations in Capability.objects.values_list(
                "code", "name", "translations"
            )
        },
        "members": frozenset(Agency.objects.members().values_list("code", flat=True)),
    }
