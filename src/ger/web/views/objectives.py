"""Goals, objectives and the traceability matrix (objectives x agencies)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.http import HttpRequest, HttpResponse

from ger.objectives.models import Goal, Objective, Theme
from ger.plans.models import MissionObjective
from ger.web.negotiation import respond
from ger.web.views.cached import cached_page


@cached_page
def objective_list(request: HttpRequest) -> HttpResponse:
    goals = list(Goal.objects.prefetch_related("objectives"))
    themes = list(Theme.objects.all())
    objectives = list(Objective.objects.select_related("goal", "theme"))
    links = list(
        MissionObjective.objects.select_related("mission__lead", "objective").order_by(
            "objective__code", "mission__name"
        )
    )
    by_objective: dict[int, list[MissionObjective]] = defaultdict(list)
    matrix: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for link in links:
        by_objective[link.objective_id].append(link)
        matrix[link.objective_id][link.mission.lead.code] += 1
    agencies = sorted({code for row in matrix.values() for code in row}, key=str.lower)
    rows: list[dict[str, Any]] = [
        {
            "objective": objective,
            "links": by_objective.get(objective.pk, []),
            "cells": [matrix[objective.pk].get(code, 0) for code in agencies],
            "gap": objective.pk not in by_objective,
            "editorial_only": bool(by_objective.get(objective.pk))
            and all(link.basis == "editorial" for link in by_objective[objective.pk]),
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
                    "missions": [
                        {
                            "mission": link.mission.slug,
                            "agency": link.mission.lead.code,
                            "basis": link.basis,
                        }
                        for link in row["links"]
                    ],
                }
                for row in rows
            ],
        }

    return respond(request, "web/objectives.html", context, data)
