"""Facet counts of the mission list: how many missions each filter value gives.

Plain data (``FacetCounts``) that the list keeps for the plan generation, labelled
in the reader's language when shown (``label_facets``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from ger.plans.filters import MissionQuery, filter_conditions
from ger.plans.models import Destination, Mission, MissionObjective, MissionPartner

FACETS = (
    "agency",
    "destination",
    "status",
    "kind",
    "crewed",
    "confidence",
    "objective",
)
CHOICE_FACETS = {
    "status": Mission.Status,
    "kind": Mission.Kind,
    "confidence": Mission.Confidence,
}
# The facets that are columns of the mission, and their columns.
COLUMN_FACETS = {
    "destination": "destination_id",
    "status": "status",
    "kind": "kind",
    "confidence": "confidence",
    "crewed": "crewed",
}


@dataclass
class FacetCounts:
    """How many missions match, and per facet how many each value would give.

    Plain data without translated labels, so it can be kept in a shared cache and
    labelled in the reader's language (``label_facets``).
    """

    count: int
    # (value, label, count): agency codes, destination slugs, objective codes.
    named: dict[str, list[tuple[str, str, int]]]
    # value -> count: the choice facets and crewed ("true" or "false").
    chosen: dict[str, dict[str, int]]


def _among(links: QuerySet[Any, Any], condition: Q) -> QuerySet[Any, Any]:
    """Return the link rows of the missions matching ``condition`` (all without one)."""
    if not condition:
        return links
    return links.filter(
        mission_id__in=Mission.objects.filter(condition).order_by().values("pk")
    )


def _counts(rows: QuerySet[Any, Any], column: str) -> dict[Any, int]:
    return dict(rows.order_by().values_list(column).annotate(n=Count("pk")))


def facet_counts(query: MissionQuery) -> FacetCounts:
    """Count the missions matching ``query`` and, per facet, each value's missions.

    Each facet counts over the missions matching every *other* filter, so a user
    sees how many results choosing that value would give. The facets that are
    columns of the mission and are not filtered on all count over the missions
    matching every filter: one pass counts them all, with the total. A filtered
    facet, the agencies and the objectives take one grouped query each; link
    tables are read through their own indexes, never joined to every mission.
    """
    destinations = list(
        Destination.objects.order_by("position", "slug").values_list(
            "pk", "slug", "name"
        )
    )
    count, by_column = _column_counts(query, [pk for pk, _s, _n in destinations])
    named: dict[str, list[tuple[str, str, int]]] = {
        "agency": _agency_counts(query),
        "destination": [
            (slug, name, by_column["destination"][pk])
            for pk, slug, name in destinations
            if pk in by_column["destination"]
        ],
        "objective": _objective_counts(query),
    }
    chosen = {name: by_column[name] for name in CHOICE_FACETS}
    chosen["crewed"] = {
        "true" if crewed else "false": n for crewed, n in by_column["crewed"].items()
    }
    return FacetCounts(count=count, named=named, chosen=chosen)


def _matching(query: MissionQuery, skip: str | None) -> QuerySet[Mission]:
    return Mission.objects.filter(filter_conditions(query, skip)).order_by()


def _column_counts(
    query: MissionQuery, destination_ids: list[int]
) -> tuple[int, dict[str, dict[Any, int]]]:
    """Return the total and, per facet that is a column, each value's count."""
    values: dict[str, list[Any]] = {
        "destination": destination_ids,
        **{name: choices.values for name, choices in CHOICE_FACETS.items()},
        "crewed": [True, False],
    }
    shared = [name for name in COLUMN_FACETS if not query.filters(name)]
    aggregates: dict[str, Any] = {"count": Count("pk")}
    for name in shared:
        column = COLUMN_FACETS[name]
        for index, value in enumerate(values[name]):
            aggregates[f"{name}_{index}"] = Count("pk", filter=Q(**{column: value}))
    totals = _matching(query, None).aggregate(**aggregates)
    by_column: dict[str, dict[Any, int]] = {
        name: {
            value: totals[f"{name}_{index}"]
            for index, value in enumerate(values[name])
            if totals[f"{name}_{index}"]
        }
        for name in shared
    }
    for name, column in COLUMN_FACETS.items():
        if name not in by_column:
            by_column[name] = _counts(_matching(query, name), column)
    return totals["count"], by_column


def _agency_counts(query: MissionQuery) -> list[tuple[str, str, int]]:
    """Return each agency's missions (as lead or partner) among the matching ones."""
    # A mission has an agency as partner at most once, and is led by one agency:
    # the sum counts each mission once per agency.
    led = _counts(_matching(query, "agency"), "lead__code")
    partnered = _counts(
        _among(MissionPartner.objects.all(), filter_conditions(query, "agency")),
        "agency__code",
    )
    return [
        (code, code, led.get(code, 0) + partnered.get(code, 0))
        for code in sorted(set(led) | set(partnered), key=str.lower)
    ]


def _objective_counts(query: MissionQuery) -> list[tuple[str, str, int]]:
    """Return each objective's matching missions, its title with its code."""
    # Few rows, one per objective.
    return [
        (code, f"{code} {title}", n)
        for code, title, n in _among(
            MissionObjective.objects.all(), filter_conditions(query, "objective")
        )
        .order_by("objective__code")
        .values_list("objective__code", "objective__title")
        .annotate(n=Count("pk"))
    ]


def label_facets(counts: FacetCounts) -> dict[str, list[tuple[str, str, int]]]:
    """Return, per facet, each value with its label (in the active language), count."""
    facets = dict(counts.named)
    for name, choices in CHOICE_FACETS.items():
        found = counts.chosen.get(name, {})
        facets[name] = [
            (value, str(label), found[value])
            for value, label in choices.choices
            if value in found
        ]
    crewed = counts.chosen.get("crewed", {})
    facets["crewed"] = [
        (value, str(label), crewed[value])
        for value, label in (("true", _("crewed")), ("false", _("robotic")))
        if value in crewed
    ]
    return {name: facets[name] for name in FACETS}


def mission_facets(query: MissionQuery) -> dict[str, list[tuple[str, str, int]]]:
    """Return, per facet, each value with its label and how many missions match."""
    return label_facets(facet_counts(query))
