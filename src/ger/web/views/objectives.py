"""Goals, objectives and the traceability matrix (objectives x agencies)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse

from ger.http.negotiation import respond
from ger.http.pages import cached_page
from ger.objectives.models import Goal, Objective, Theme
from ger.plancache import plan_cached
from ger.plans.models import MissionObjective

# An objective with at most this many missions lists them by name; any objective
# links to the mission list filtered on it, which pages through them all.
NAMED_MISSIONS = 10


def _missions_url(objective: Objective) -> str:
    query = QueryDict(mutable=True)
    query["objective"] = objective.code
    return f"{reverse('web:mission_list')}?{query.urlencode()}"


@dataclass
class _Matrix:
    """What the missions say about each objective: plain data, kept for the plan."""

    # objective id -> lead agency code -> missions
    cells: dict[int, dict[str, int]]
    # objective id -> missions, and how many of those links are editorial
    counts: dict[int, int]
    editorial: dict[int, int]
    # objective id -> (mission name, slug, basis), for objectives with few
    named: dict[int, list[tuple[str, str, str]]]


def _matrix() -> _Matrix:
    """Count the missions per objective and lead agency, in one grouped query."""
    matrix = _Matrix(cells=defaultdict(dict), counts={}, editorial={}, named={})
    for objective_id, code, n, editorial_n in (
        MissionObjective.objects.order_by()
        .values_list("objective_id", "mission__lead__code")
        .annotate(
            n=Count("pk"),
            editorial=Count("pk", filter=Q(basis=MissionObjective.Basis.EDITORIAL)),
        )
    ):
        matrix.cells[objective_id][code] = n
        matrix.counts[objective_id] = matrix.counts.get(objective_id, 0) + n
        matrix.editorial[objective_id] = (
            matrix.editorial.get(objective_id, 0) + editorial_n
        )
    few = [pk for pk, n in matrix.counts.items() if n <= NAMED_MISSIONS]
    for link in (
        MissionObjective.objects.filter(objective_id__in=few)
        .select_related("mission")
        .only("objective_id", "basis", "mission__name", "mission__slug")
        .order_by("objective_id", "mission__name")
    ):
        matrix.named.setdefault(link.objective_id, []).append(
            (link.mission.name, link.mission.slug, link.basis)
        )
    matrix.cells = dict(matrix.cells)
    return matrix


@cached_page
def objective_list(request: HttpRequest) -> HttpResponse:
    goals = list(Goal.objects.prefetch_related("objectives"))
    themes = list(Theme.objects.all())
    objectives = list(Objective.objects.all())
    # Counting every link takes a while at scale: once per plan generation.
    matrix = plan_cached("objective-matrix", _matrix)
    cells, counts, editorial = matrix.cells, matrix.counts, matrix.editorial
    agencies = sorted({code for row in cells.values() for code in row}, key=str.lower)
    rows: list[dict[str, Any]] = [
        {
            "objective": objective,
            "count": counts.get(objective.pk, 0),
            "links": matrix.named.get(objective.pk, []),
            "cells": [cells.get(objective.pk, {}).get(code, 0) for code in agencies],
            "gap": objective.pk not in counts,
            "editorial_only": objective.pk in counts
            and editorial[objective.pk] == counts[objective.pk],
            "missions_url": _missions_url(objective),
        }
        for objective in objectives
    ]
    context = {"goals": goals, "themes": themes, "rows": rows, "agencies": agencies}

    def data() -> dict[str, Any]:
        return {
            "themes": [{"code": t.code, "name": t.name} for t in themes],
            "goals": [
                {
                    "code": g.code,
                    "title": g.title,
                    "note": g.note,
                    "uncertain": g.uncertain,
                    "objectives": [o.code for o in g.objectives.all()],
                }
                for g in goals
            ],
            "objectives": [
                {
                    "code": row["objective"].code,
                    "title": row["objective"].title,
                    "framework": row["objective"].framework,
                    "gap": row["gap"],
                    "mission_count": row["count"],
                    "editorial_only": row["editorial_only"],
                    # Missions by lead agency: the row of the matrix.
                    "agencies": {
                        code: n
                        for code, n in zip(agencies, row["cells"], strict=True)
                        if n
                    },
                    "missions_url": row["missions_url"],
                }
                for row in rows
            ],
        }

    return respond(request, "web/objectives.html", context, data)
