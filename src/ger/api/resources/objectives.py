"""Goals and objectives, with how many missions address them."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from ninja import P, QueryEx, Router

from ger.api.resources.paging import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, paginate
from ger.api.schemas import ErrorOut, GoalOut, GoalPage, ObjectiveOut, ObjectivePage
from ger.exports import serialize
from ger.http.caching import json_response, public_read
from ger.objectives.models import Goal, Objective
from ger.plans.models import MissionObjective

router = Router(tags=["objectives"])


def _objectives() -> QuerySet[Objective]:
    """Return the objectives, each with how many missions address it."""
    # Counted per objective from the link table's index, for the page's rows only.
    linked = (
        MissionObjective.objects.filter(objective=OuterRef("pk"))
        .order_by()
        .values("objective")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Objective.objects.select_related("goal", "theme")
        .annotate(mission_count=Coalesce(Subquery(linked), 0))
        .order_by("code")
    )


def _no_code(code: str) -> bool:
    """Return whether ``code`` cannot name a record (PostgreSQL refuses it in text)."""
    return "\x00" in code


@router.get("/goals", response={200: GoalPage, 422: ErrorOut}, summary="List goals")
def list_goals(
    request: HttpRequest,
    limit: QueryEx[int, P(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    offset: QueryEx[int, P(ge=0, le=MAX_OFFSET)] = 0,
) -> HttpResponse:

    def render() -> HttpResponse:
        goals = Goal.objects.prefetch_related("objectives").order_by("code")
        return json_response(request, paginate(goals, limit, offset, serialize.goal))

    return public_read(request, render)


@router.get("/goals/{code}", response={200: GoalOut, 404: ErrorOut}, summary="One goal")
def get_goal(request: HttpRequest, code: str) -> HttpResponse:

    def render() -> HttpResponse:
        goals = Goal.objects.prefetch_related("objectives")
        goal = None if _no_code(code) else goals.filter(code=code).first()
        if goal is None:
            raise Http404(f"no goal {code!r}")
        return json_response(request, serialize.goal(goal))

    return public_read(request, render)


@router.get(
    "/objectives",
    response={200: ObjectivePage, 422: ErrorOut},
    summary="List objectives",
)
def list_objectives(
    request: HttpRequest,
    goal: str | None = None,
    limit: QueryEx[int, P(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    offset: QueryEx[int, P(ge=0, le=MAX_OFFSET)] = 0,
) -> HttpResponse:

    def render() -> HttpResponse:
        objectives = _objectives()
        if goal:
            objectives = (
                objectives.none()
                if _no_code(goal)
                else objectives.filter(goal__code=goal)
            )
        return json_response(
            request, paginate(objectives, limit, offset, serialize.objective)
        )

    return public_read(request, render)


@router.get(
    "/objectives/{code}",
    response={200: ObjectiveOut, 404: ErrorOut},
    summary="One objective",
)
def get_objective(request: HttpRequest, code: str) -> HttpResponse:

    def render() -> HttpResponse:
        objective = None if _no_code(code) else _objectives().filter(code=code).first()
        if objective is None:
            raise Http404(f"no objective {code!r}")
        return json_response(request, serialize.objective(objective))

    return public_read(request, render)
