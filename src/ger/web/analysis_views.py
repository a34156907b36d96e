"""Analysis pages: each calls one analysis service and answers HTML or JSON.

Every page takes ``?edition=`` (slug or code; default the current plan) and
answers its result as JSON with ``?format=json``. Nothing here writes.

The service keeps each result for the plan generation; a page also keeps its
rendered result (the part of the page below the form, the same for every reader)
and its JSON twin, since rendering thousands of rows costs more than reading
them. Both are keyed by address and language and last one plan generation.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ger.analysis import services
from ger.analysis.results import AnalysisResult
from ger.analysis.risk import CalibrationError
from ger.analysis.schedule import FIRST_CREWED_LANDING, ScheduleError
from ger.analysis.schedule_reports import parse_moves
from ger.editions.models import Edition, EditionPlan
from ger.plancache import plan_cached
from ger.registry.models import Agency

MAX_TRIALS = 20_000
# Rendered parts longer than this are not kept in the shared cache: a page's
# result at 100,000 missions is about 5 MB, every partnership as JSON 12 MB at 10,000.
PART_BUDGET_CHARACTERS = 8_000_000
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


def _editions() -> list[dict[str, str]]:
    """Return the published editions that state plans, for the source selector."""

    def find() -> list[dict[str, str]]:
        states_plans = Exists(EditionPlan.objects.filter(edition=OuterRef("pk")))
        # Each edition's current issue: a corrected one is read on its own page.
        editions = (
            Edition.objects.current()
            .filter(states_plans)
            .order_by("released_on", "code")
        )
        return [
            {"slug": slug, "code": code, "title": title}
            for slug, code, title in editions.values_list("slug", "code", "title")
        ]

    return plan_cached("analysis-page:editions", find)


def _members() -> list[str]:
    """Return the codes of the coordination group's members, for the agency menu."""
    return plan_cached(
        "analysis-page:members",
        lambda: list(
            Agency.objects.members().order_by("code").values_list("code", flat=True)
        ),
    )


def _kept(kind: str, request: HttpRequest, render_part: Callable[[], str]) -> str:
    """Return ``render_part()``, kept for this address and language this generation.

    A part over ``PART_BUDGET_CHARACTERS`` is not kept (the JSON twin of every
    partnership at 10,000 missions is 12 MB): it is rendered each time from the
    analysis result, which is kept.
    """
    name = f"analysis-page:{kind}|{request.get_full_path()}|{get_language() or ''}"
    fresh: list[str] = []

    def render_within_budget() -> str | None:
        fresh.append(render_part())
        return fresh[0] if len(fresh[0]) <= PART_BUDGET_CHARACTERS else None

    kept = plan_cached(name, render_within_budget, services.KEPT_SECONDS)
    if kept is not None:
        return kept
    return fresh[0] if fresh else render_part()


def _answer(
    request: HttpRequest,
    template: str,
    compute: Callable[[], AnalysisResult],
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Run the analysis and render it, or its JSON twin, or the error it raised.

    ``template`` names the page; its result part is ``<page>_result.html`` beside it.
    """
    wants_json = request.GET.get("format") == "json"
    context = {
        "edition": request.GET.get("edition", ""),
        "editions": _editions(),
        **(context or {}),
    }
    part = template.removesuffix(".html") + "_result.html"
    try:
        if wants_json:
            body = _kept(
                "json",
                request,
                lambda: json.dumps(
                    compute().as_dict(), cls=DjangoJSONEncoder, ensure_ascii=False
                ),
            )
        else:
            body = _kept(
                part,
                request,
                lambda: render_to_string(
                    part, {**context, "result": compute()}, request
                ),
            )
    except ObjectDoesNotExist:
        raise Http404(_("No such edition.")) from None
    except (BadParameter, ScheduleError, CalibrationError, ValueError) as error:
        if wants_json:
            return JsonResponse({"error": str(error)}, status=400)
        return render(request, template, {**context, "error": str(error)}, status=400)
    if wants_json:
        return HttpResponse(body, content_type="application/json")
    # Rendered by the template engine from escaped values: safe to insert as is.
    return render(request, template, {**context, "result_html": mark_safe(body)})


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

    return _answer(
        request,
        "web/analysis/partnerships.html",
        compute,
        {"agency": agency or "", "all": everyone, "members": _members()},
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
    """The launch forecasts the portal publishes, and how the model fared."""
    return _answer(request, "web/analysis/risk.html", services.forecasts)


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
