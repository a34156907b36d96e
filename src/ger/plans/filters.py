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

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
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
    An agency is the lead *or* a partner: the missions it leads (from the lead's
    index) united with those it partners in (from the partners' index), so that no
    query reads every mission to find an agency's (the list's default order, flown
    missions last, sorts the matching rows in any case).
    """
    condition = Q()
    agencies = query.multi("agency")
    if agencies and skip != "agency":
        led = Mission.objects.filter(lead__code__in=agencies).order_by().values("pk")
        condition &= Q(pk__in=led.union(_partnered(agencies)))
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
