"""Goals, objectives and the traceability matrix (objectives x agencies)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse

from ger.objectives.models import Goal, Objective, Theme
from ger.plans.models import MissionObjective
from ger.web.negotiation import respond
from ger.web.views.cached import cached_page

# An objective with at most this many missions lists them by name; any objective
# links to the mission list filtered on it, which pages through them all.
NAMED_MISSIONS = 10


def _missions_url(objective: Objective) -> str:
    query = QueryDict(mutable=True)
    query["objective"] = objective.code
    return f"{reverse('web:mission_list')}?{query.urlencode()}"


@cached_page
def objective_list(request: HttpRequest) -> HttpResponse:
    goals = list(Goal.objects.prefetch_related("objectives"))
    themes = list(Theme.objects.all())
    objectives = list(Objective.objects.all())
    # The matrix is counted by the database: one row per objective and lead agency.
    cells: dict[int, dict[str, int]] = defaultdict(dict)
    counts: dict[int, int] = defaultdict(int)
    editorial: dict[int, int] = defaultdict(int)
    for objective_id, code, n, editorial_n in (
        MissionObjective.objects.order_by()
        .values_list("objective_id", "mission__lead__code")
        .annotate(
            n=Count("pk"),
            editorial=Count("pk", filter=Q(basis=MissionObjective.Basis.EDITORIAL)),
        )
    ):
        cells[objective_id][code] = n
        counts[objective_id] += n
        editorial[objective_id] += editorial_n
    few = [pk for pk, n in counts.items() if n <= NAMED_MISSIONS]
    named: dict[int, list[MissionObjective]] = defaultdict(list)
    for link in (
        MissionObjective.objects.filter(objective_id__in=few)
        .select_related("mission")
        .order_by("objective_id", "mission__name")
    ):
        named[link.objective_id].append(link)
    agencies = sorted({code for row in cells.values() for code in row}, key=str.lower)
    rows: list[dict[str, Any]] = [
        {
            "objective": objective,
            "count": counts.get(objective.pk, 0),
            "links": named.get(objective.pk, []),
            "cells": [cells[objective.pk].get(code, 0) for code in agencies],
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
