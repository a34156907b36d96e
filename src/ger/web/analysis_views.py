"""Analysis pages: each calls one analysis service and answers HTML or JSON.

Every page takes ``?edition=`` (slug or code; default the current plan) and
answers its result as JSON with ``?format=json``. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ger.analysis import services
from ger.analysis.results import AnalysisResult
from ger.analysis.risk import CalibrationError
from ger.analysis.schedule import FIRST_CREWED_LANDING, ScheduleError
from ger.analysis.schedule_reports import parse_moves
from ger.editions.models import Edition
from ger.registry.models import Agency

MAX_TRIALS = 20_000
Number = TypeVar("Number", int, float)


class BadParameter(ValueError):
    """A query parameter the page cannot use."""


def _number(
    request: HttpRequest, name: str, kind: Callable[[str], Number], default: Number
) -> Number:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    try:
        return kind(text)
    except ValueError:
        raise BadParameter(
            _("%(name)s must be a number, not %(value)r")
            % {"name": name, "value": text}
        ) from None


def _editions() -> list[Edition]:
    """Return the editions that state plans, for the source selector."""
    return list(
        Edition.objects.filter(plans__isnull=False, status=Edition.Status.PUBLISHED)
        .distinct()
        .order_by("released_on", "code")
    )


def _answer(
    request: HttpRequest,
    template: str,
    compute: Callable[[], AnalysisResult],
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Run the analysis and render it, or its JSON twin, or the error it raised."""
    wants_json = request.GET.get("format") == "json"
    context = {
        "edition": request.GET.get("edition", ""),
        "editions": _editions(),
        **(context or {}),
    }
    try:
        result = compute()
    except ObjectDoesNotExist:
        raise Http404(_("No such edition.")) from None
    except (BadParameter, ScheduleError, CalibrationError, ValueError) as error:
        if wants_json:
            return JsonResponse({"error": str(error)}, status=400)
        return render(request, template, {**context, "error": str(error)}, status=400)
    if wants_json:
        return JsonResponse(result.as_dict(), json_dumps_params={"ensure_ascii": False})
    return render(request, template, {**context, "result": result})


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "web/analysis/index.html", {"editions": _editions()})


def coverage(request: HttpRequest) -> HttpResponse:
    def compute() -> AnalysisResult:
        before = _number(request, "before", int, 0) or None
        return services.coverage(request.GET.get("edition") or None, before)

    return _answer(
        request,
        "web/analysis/coverage.html",
        compute,
        {"before": request.GET.get("before", "")},
    )


def partnerships(request: HttpRequest) -> HttpResponse:
    agency = request.GET.get("agency") or None
    everyone = request.GET.get("all") == "1"

    def compute() -> AnalysisResult:
        return services.partnerships(
            request.GET.get("edition") or None, agency, members_only=not everyone
        )

    members = Agency.objects.members().order_by("code").values_list("code", flat=True)
    return _answer(
        request,
        "web/analysis/partnerships.html",
        compute,
        {"agency": agency or "", "all": everyone, "members": list(members)},
    )


def schedule(request: HttpRequest) -> HttpResponse:
    edition = request.GET.get("edition") or None
    milestone = request.GET.get("milestone") or FIRST_CREWED_LANDING
    move = request.GET.get("move", "").strip()

    def compute() -> AnalysisResult:
        # The what-if runs on the plan loaded in memory; nothing is saved.
        moves = parse_moves([move]) if move else None
        return _WithWhatIf(*services.schedule_and_whatif(edition, milestone, moves))

    return _answer(
        request,
        "web/analysis/schedule.html",
        compute,
        {"milestone": milestone, "move": move},
    )


class _WithWhatIf:
    """The schedule report, with the what-if alongside when one was asked for."""

    def __init__(self, report: AnalysisResult, whatif: AnalysisResult | None) -> None:
        self.report, self.whatif = report, whatif

    def as_dict(self) -> dict[str, Any]:
        data = self.report.as_dict()
        if self.whatif is not None:
            data["whatif"] = self.whatif.as_dict()
        return data

    def table(self) -> Any:
        return self.report.table()


def risk(request: HttpRequest) -> HttpResponse:
    def compute() -> AnalysisResult:
        trials = _number(request, "trials", int, 10_000)
        if not 100 <= trials <= MAX_TRIALS:
            raise BadParameter(
                _("trials must be between 100 and %(max)d") % {"max": MAX_TRIALS}
            )
        seed = _number(request, "seed", int, 0)
        return services.risk(request.GET.get("edition") or None, trials, seed)

    return _answer(
        request,
        "web/analysis/risk.html",
        compute,
        {"seed": request.GET.get("seed", "0"), "trials": request.GET.get("trials", "")},
    )


def backtest(request: HttpRequest) -> HttpResponse:
    cutoff_text = request.GET.get("cutoff", "").strip()

    def compute() -> AnalysisResult:
        try:
            cutoff = dt.date.fromisoformat(cutoff_text) if cutoff_text else None
        except ValueError:
            raise BadParameter(_("cutoff must be a date such as 2024-11-26")) from None
        seed = _number(request, "seed", int, 0)
        return services.risk_backtest(
            request.GET.get("edition") or None, seed=seed, cutoff=cutoff
        )

    return _answer(
        request, "web/analysis/backtest.html", compute, {"cutoff": cutoff_text}
    )


def proximity(request: HttpRequest) -> HttpResponse:
    def compute() -> AnalysisResult:
        threshold = _number(request, "threshold", float, 100.0)
        if not 0 < threshold <= 5000:
            raise BadParameter(_("threshold must be between 0 and 5000 km"))
        return services.proximity(request.GET.get("edition") or None, threshold)

    return _answer(
        request,
        "web/analysis/proximity.html",
        compute,
        {"threshold": request.GET.get("threshold", "100")},
    )
