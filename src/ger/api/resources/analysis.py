"""The coordination analyses as data: one endpoint per analysis, nothing is written."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from ninja import P, QueryEx, Router

from ger.analysis import services
from ger.analysis.results import AnalysisResult
from ger.analysis.risk import CalibrationError
from ger.analysis.schedule import FIRST_CREWED_LANDING, ScheduleError
from ger.analysis.schedule_reports import parse_moves
from ger.api.errors import ApiError
from ger.api.schemas import ErrorOut
from ger.http.caching import json_response

router = Router(tags=["analysis"])
RESPONSES: dict[int, Any] = {200: dict[str, Any], 404: ErrorOut, 422: ErrorOut}
Edition = QueryEx[
    str | None, P(description="edition slug or code; default the current plan")
]


MOVE_PATTERN = (
    r"^[a-z0-9-]+=[+-]?[0-9]{1,4}(\.[0-9]+)?(,[a-z0-9-]+=[+-]?[0-9]{1,4}(\.[0-9]+)?)*$"
)


def _known_missions(parameter: str, slugs: set[str]) -> None:
    """Answer 404 naming the parameter when it names a mission that does not exist."""
    from ger.plans.models import Mission

    # A NUL byte is in no slug, and PostgreSQL refuses it in a query.
    asked = {slug for slug in slugs if "\x00" not in slug}
    missing = slugs - set(
        Mission.objects.filter(slug__in=asked).values_list("slug", flat=True)
    )
    if missing:
        raise ApiError(
            404,
            f"{parameter}: no mission {sorted(missing)[0]!r}",
            {parameter: "unknown mission"},
        )


def _run(
    request: HttpRequest, compute: Any, parameter: str = "request"
) -> HttpResponse:
    try:
        result: AnalysisResult = compute()
    except ObjectDoesNotExist:
        raise ApiError(
            404,
            "edition: no published edition of that name",
            {"edition": "unknown edition"},
        ) from None
    except (ScheduleError, CalibrationError, ValueError) as error:
        raise ApiError(422, f"{parameter}: {error}", {parameter: str(error)}) from None
    return json_response(request, result.as_dict())


@router.get(
    "/analysis/coverage", response=RESPONSES, summary="Objective coverage and gaps"
)
def coverage(
    request: HttpRequest,
    edition: Edition = None,
    before_year: QueryEx[int | None, P(ge=1900, le=2200)] = None,
    min_agencies: QueryEx[int, P(ge=1, le=50)] = 2,
) -> HttpResponse:
    return _run(request, lambda: services.coverage(edition, before_year, min_agencies))


@router.get(
    "/analysis/partnerships", response=RESPONSES, summary="Partnership opportunities"
)
def partnerships(
    request: HttpRequest,
    edition: Edition = None,
    agency: str | None = None,
    limit: QueryEx[int | None, P(ge=1, le=500)] = 50,
    all_organisations: bool = False,
) -> HttpResponse:
    """Ranked agency pairs, each with the plain-language reasons behind its score."""
    return _run(
        request,
        lambda: services.partnerships(edition, agency, limit, not all_organisations),
    )


@router.get(
    "/analysis/schedule", response=RESPONSES, summary="Critical path to a milestone"
)
def schedule(
    request: HttpRequest, edition: Edition = None, milestone: str = FIRST_CREWED_LANDING
) -> HttpResponse:
    if milestone != FIRST_CREWED_LANDING:
        _known_missions("milestone", {milestone})
    return _run(request, lambda: services.schedule(edition, milestone), "milestone")


@router.get(
    "/analysis/whatif", response=RESPONSES, summary="Slip propagation (saves nothing)"
)
def whatif(
    request: HttpRequest,
    move: QueryEx[
        str, P(description="SLUG=+N months, comma-separated", pattern=MOVE_PATTERN)
    ],
    edition: Edition = None,
) -> HttpResponse:
    """Move missions by N months and see every downstream mission that moves."""
    moves = parse_moves([move])
    _known_missions("move", set(moves))
    return _run(request, lambda: services.whatif(moves, edition), "move")


@router.get("/analysis/risk", response=RESPONSES, summary="Launch forecasts")
def risk(request: HttpRequest) -> HttpResponse:
    """The published launch forecasts: capped P10-P90 ranges for the classes whose
    model beats both baselines in cross-validation, elsewhere the verdict and the
    comparable cases (the same as the forecast page)."""
    return _run(request, services.forecasts)


@router.get(
    "/analysis/backtest", response=RESPONSES, summary="Back-test of the forecast"
)
def backtest(
    request: HttpRequest,
    edition: Edition = None,
    trials: QueryEx[int, P(ge=100, le=20_000)] = 10_000,
    seed: QueryEx[int, P(ge=0, le=2**31)] = 0,
) -> HttpResponse:
    return _run(
        request, lambda: services.risk_backtest(edition, trials, seed), "edition"
    )


@router.get("/analysis/proximity", response=RESPONSES, summary="Landing-site proximity")
def proximity(
    request: HttpRequest,
    edition: Edition = None,
    threshold_km: QueryEx[float, P(gt=0, le=11000)] = 100.0,
) -> HttpResponse:
    """Pairs of lunar sites closer than the threshold (great circles on the Moon)."""
    return _run(request, lambda: services.proximity(edition, threshold_km))
