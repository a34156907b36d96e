"""Download views: the current plan's exports and each public edition's."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from ger.editions.models import Edition
from ger.exports.services import Params, build_export
from ger.plans.filters import FilterError


def _params(request: HttpRequest) -> Params:
    # Repeated parameters (?agency=NASA&agency=ESA) count like comma-separated ones.
    return {name: request.GET.getlist(name) for name in request.GET}


def _download(
    request: HttpRequest, export_format: str, edition: Edition | None
) -> HttpResponse:
    try:
        rendered = build_export(
            export_format,
            _params(request),
            edition,
            base_url=request.build_absolute_uri("/"),
        )
    except FilterError as error:
        return HttpResponse(
            f"{error.parameter}: {error.message}\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return rendered.as_download()


@require_safe
def current_export(request: HttpRequest, export_format: str) -> HttpResponse:
    """Download an export of the current plan, filtered like the mission list."""
    return _download(request, export_format, None)


@require_safe
def edition_export(request: HttpRequest, slug: str, export_format: str) -> HttpResponse:
    """Download an export of a published edition or of the working draft."""
    edition = get_object_or_404(Edition.objects.public(), slug=slug)
    return _download(request, export_format, edition)
