"""Mission filters shared by the web list, the exports and the API.

Parameters arrive as text (a query string); bad values raise ``FilterError`` naming
the parameter, so every caller can answer 400/422 instead of failing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import Combinable
from django.utils.translation import gettext as _

from ger.plans.models import Destination, Mission, MissionObjective, MissionPartner

ORDERINGS = {
    "planned": ("planned_launch_on", "slug"),
    "-planned": ("-planned_launch_on", "slug"),
    "name": ("name", "slug"),
    "-name": ("-name", "slug"),
    "lead": ("lead__code", "planned_launch_on", "slug"),
    "status": ("status", "planned_launch_on", "slug"),
    "launched": ("actual_launch_on", "slug"),
    "-launched": ("-actual_launch_on", "slug"),
}
# Ordered by plan, missions that flew come after those still to fly, and undated ones
# last, as a reader of "planned launch, earliest first" expects.
FLOWN_LAST = Case(
    When(actual_launch_on__isnull=False, then=Value(1)),
    default=Value(0),
    output_field=IntegerField(),
)
ORDER_EXPRESSIONS: dict[str, tuple[Combinable | str, ...]] = {
    "planned": (FLOWN_LAST, F("planned_launch_on").asc(nulls_last=True), "slug"),
    "-planned": (FLOWN_LAST, F("planned_launch_on").desc(nulls_last=True), "slug"),
}
MULTI_PARAMETERS = (
    "agency",
    "lead",
    "partner",
    "destination",
    "status",
    "kind",
    "confidence",
    "objective",
)
PARAMETERS = (
    *MULTI_PARAMETERS,
    "crewed",
    "planned_after",
    "planned_before",
    "ordering",
)


class FilterError(ValueError):
    """A filter parameter whose value cannot be used."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


@dataclass
class MissionQuery:
    """The filters and ordering of a mission list, parsed and checked."""

    values: dict[str, list[str]] = field(default_factory=dict)
    crewed: bool | None = None
    planned_after: int | None = None
    planned_before: int | None = None
    ordering: str = "planned"
    # The destination filter with its sub-destinations, found on first use.
    _below: set[str] | None = field(default=None, init=False, repr=False, compare=False)

    def multi(self, name: str) -> list[str]:
        return self.values.get(name, [])

    def destinations(self) -> set[str]:
        """Return the destinations filtered on, with every destination below them."""
        if self._below is None:
            self._below = destination_with_descendants(self.multi("destination"))
        return self._below

    def filters(self, facet: str) -> bool:
        """Return whether the query filters on the facet ``facet``."""
        if facet == "crewed":
            return self.crewed is not None
        return bool(self.multi(facet))

    @property
    def is_filtered(self) -> bool:
        return bool(
            any(self.values.values())
            or self.crewed is not None
            or self.planned_after is not None
            or self.planned_before is not None
        )

    @property
    def filter_key(self) -> str:
        """Return the filters (not the ordering) as text, the same for the same set."""
        return json.dumps(
            {
                "values": {
                    name: sorted(set(values))
                    for name, values in self.values.items()
                    if values
                },
                "crewed": self.crewed,
                "planned": [self.planned_after, self.planned_before],
            },
            sort_keys=True,
        )


def _split(raw: str) -> list[str]:
    # NUL never belongs in a name, and PostgreSQL refuses it in any string.
    return [item.strip() for item in raw.replace("\x00", "").split(",") if item.strip()]


def _year(parameter: str, raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit() or not 1900 <= int(raw) <= 2200:
        raise FilterError(
            parameter,
            _("%(value)r is not a year between 1900 and 2200") % {"value": raw},
        )
    return int(raw)


def parse_mission_query(
    params: Mapping[str, str | list[str]], reversed_range_is_error: bool = True
) -> MissionQuery:
    """Return the query that ``params`` ask for; raise FilterError on a bad value.

    A reversed year range is an error for people (they mistyped), while the API
    answers it like any range: with the missions in it, none.
    """

    def text(name: str) -> str:
        value = params.get(name, "")
        return ",".join(value) if isinstance(value, list) else value

    query = MissionQuery()
    for name in MULTI_PARAMETERS:
        items = _split(text(name))
        if items:
            query.values[name] = items
    _check_choices(query, "status", Mission.Status.values)
    _check_choices(query, "kind", Mission.Kind.values)
    _check_choices(query, "confidence", Mission.Confidence.values)
    crewed = text("crewed").strip().lower()
    if crewed in {"true", "1", "yes", "crewed"}:
        query.crewed = True
    elif crewed in {"false", "0", "no", "robotic"}:
        query.crewed = False
    elif crewed:
        raise FilterError("crewed", _("use true or false"))
    query.planned_after = _year("planned_after", text("planned_after"))
    query.planned_before = _year("planned_before", text("planned_before"))
    if (
        reversed_range_is_error
        and query.planned_after is not None
        and query.planned_before is not None
        and query.planned_after > query.planned_before
    ):
        raise FilterError("planned_before", _("is before planned_after"))
    ordering = text("ordering").strip() or "planned"
    if ordering not in ORDERINGS:
        raise FilterError(
            "ordering", _("use one of %(choices)s") % {"choices": ", ".join(ORDERINGS)}
        )
    query.ordering = ordering
    return query


def _check_choices(query: MissionQuery, name: str, allowed: list[str]) -> None:
    for value in query.multi(name):
        if value not in allowed:
            raise FilterError(
                name,
                _("%(value)r is not one of %(choices)s")
                % {"value": value, "choices": ", ".join(allowed)},
            )


def destination_with_descendants(slugs: list[str]) -> set[str]:
    """Return the slugs and every destination below them in the tree."""
    children: dict[str | None, list[str]] = {}
    for slug, parent in Destination.objects.values_list("slug", "parent__slug"):
        children.setdefault(parent, []).append(slug)
    found, stack = set(), list(slugs)
    while stack:
        slug = stack.pop()
        if slug not in found:
            found.add(slug)
            stack.extend(children.get(slug, []))
    return found


def _partnered(codes: list[str]) -> QuerySet[Any, Any]:
    """Return the ids of the missions any of ``codes`` takes part in as a partner."""
    return (
        MissionPartner.objects.filter(agency__code__in=codes)
        .order_by()
        .values("mission_id")
    )


def filter_conditions(query: MissionQuery, skip: str | None = None) -> Q:
    """Return the condition of every filter except ``skip`` (for facet counts).

    Conditions on partners and objectives are ``id IN (subquery)``, not joins: a
    mission matches once however many of its partners match, so no query needs
    ``DISTINCT``, and each subquery is answered once from the link table's index.
    An agency is the lead *or* a partner: tested row by row, so a page of the list
    walks the ordering's index and stops after one page.
    """
    condition = Q()
    agencies = query.multi("agency")
    if agencies and skip != "agency":
        condition &= Q(lead__code__in=agencies) | Q(pk__in=_partnered(agencies))
    if query.multi("lead") and skip != "lead":
        condition &= Q(lead__code__in=query.multi("lead"))
    if query.multi("partner") and skip != "partner":
        condition &= Q(pk__in=_partnered(query.multi("partner")))
    if query.multi("destination") and skip != "destination":
        condition &= Q(destination__slug__in=query.destinations())
    for name in ("status", "kind", "confidence"):
        if query.multi(name) and skip != name:
            condition &= Q(**{f"{name}__in": query.multi(name)})
    if query.multi("objective") and skip != "objective":
        condition &= Q(
            pk__in=MissionObjective.objects.filter(
                objective__code__in=query.multi("objective")
            )
            .order_by()
            .values("mission_id")
        )
    if query.crewed is not None and skip != "crewed":
        condition &= Q(crewed=query.crewed)
    if query.planned_after is not None and skip != "planned":
        condition &= Q(planned_launch_on__gte=dt.date(query.planned_after, 1, 1))
    if query.planned_before is not None and skip != "planned":
        condition &= Q(planned_launch_on__lte=dt.date(query.planned_before, 12, 31))
    return condition


def filter_missions(
    query: MissionQuery, missions: QuerySet[Mission] | None = None
) -> QuerySet[Mission]:
    """Return the missions that match every filter, in the query's order, each once."""
    base = Mission.objects.all() if missions is None else missions
    return (
        base.filter(filter_conditions(query))
        .select_related("lead", "destination")
        .prefetch_related("partnerships__agency")
        .order_by(*ORDER_EXPRESSIONS.get(query.ordering, ORDERINGS[query.ordering]))
    )


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

    def matching(skip: str | None) -> QuerySet[Mission]:
        return Mission.objects.filter(filter_conditions(query, skip)).order_by()

    destinations = list(
        Destination.objects.order_by("position", "slug").values_list(
            "pk", "slug", "name"
        )
    )
    values: dict[str, list[Any]] = {
        "destination": [pk for pk, _slug, _name in destinations],
        **{name: choices.values for name, choices in CHOICE_FACETS.items()},
        "crewed": [True, False],
    }
    shared = [name for name in COLUMN_FACETS if not query.filters(name)]
    aggregates: dict[str, Any] = {"count": Count("pk")}
    for name in shared:
        column = COLUMN_FACETS[name]
        for index, value in enumerate(values[name]):
            aggregates[f"{name}_{index}"] = Count("pk", filter=Q(**{column: value}))
    totals = matching(None).aggregate(**aggregates)
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
            by_column[name] = _counts(matching(name), column)
    # A mission has an agency as partner at most once, and is led by one agency:
    # the sum counts each mission once per agency.
    led = _counts(matching("agency"), "lead__code")
    partnered = _counts(
        _among(MissionPartner.objects.all(), filter_conditions(query, "agency")),
        "agency__code",
    )
    named: dict[str, list[tuple[str, str, int]]] = {
        "agency": [
            (code, code, led.get(code, 0) + partnered.get(code, 0))
            for code in sorted(set(led) | set(partnered), key=str.lower)
        ],
        "destination": [
            (slug, name, by_column["destination"][pk])
            for pk, slug, name in destinations
            if pk in by_column["destination"]
        ],
        # The objective's title comes with its code: few rows, one per objective.
        "objective": [
            (code, f"{code} {title}", n)
            for code, title, n in _among(
                MissionObjective.objects.all(), filter_conditions(query, "objective")
            )
            .order_by("objective__code")
            .values_list("objective__code", "objective__title")
            .annotate(n=Count("pk"))
        ],
    }
    chosen = {name: by_column[name] for name in CHOICE_FACETS}
    chosen["crewed"] = {
        "true" if crewed else "false": n for crewed, n in by_column["crewed"].items()
    }
    return FacetCounts(count=totals["count"], named=named, chosen=chosen)


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
