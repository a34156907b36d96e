"""The secretariat's build button and its progress, the edition's prose, the PDF."""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ger import access as permissions
from ger.access import write_view
from ger.editions.models import Edition, EditionImmutableError, EditionProse
from ger.http.negotiation import respond
from ger.publishing import downloads
from ger.publishing.build.chapters import chapters
from ger.publishing.build.release import CHECKSUMS, PDF_NAME
from ger.publishing.models import BuildRun
from ger.publishing.services import (
    BuildError,
    request_build,
    save_prose,
)
from ger.translated_content import translation_languages
from ger.workspace.views.common import acting_user, forbidden, member_required
from ger.workspace.views.common import edition_or_404 as _edition

RECENT_BUILDS = 10


@member_required
def edition_builds(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the edition's builds and the button that starts one."""
    if not permissions.can_manage_editions(request.user):
        return forbidden(request, _("Only the secretariat builds editions."))
    edition = _edition(slug)
    runs = list(edition.build_runs.order_by("-requested_at", "-id")[:RECENT_BUILDS])
    return render(
        request,
        "publishing/workspace/builds.html",
        {"edition": edition, "runs": runs},
    )


@write_view
@member_required
@require_POST
def build_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Queue a build of the edition (or find the one running) and show its progress."""
    if not permissions.can_manage_editions(request.user):
        return forbidden(request, _("Only the secretariat builds editions."))
    edition = _edition(slug)
    try:
        run = request_build(edition, acting_user(request))
    except BuildError as problem:
        return forbidden(request, str(problem))
    return redirect(run)


@member_required
def build_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Show how far a build has come; the page reloads itself until it is done."""
    if not permissions.can_manage_editions(request.user):
        return forbidden(request, _("Only the secretariat builds editions."))
    run = get_object_or_404(BuildRun.objects.select_related("edition"), pk=pk)

    def data() -> dict[str, Any]:
        return {
            "id": run.pk,
            "edition": run.edition.code,
            "state": run.state,
            "step": run.step,
            "steps": run.steps,
            "percent": run.percent,
            "message": run.message,
            "summary": run.summary,
            "error": run.error,
            "log": run.log.splitlines(),
            "finished": run.is_finished,
        }

    return respond(
        request, "publishing/workspace/build_status.html", {"run": run}, data
    )


@write_view
@member_required
def edition_prose(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit the edition's prose, chapter by chapter, until it is published."""
    if not permissions.can_manage_editions(request.user):
        return forbidden(request, _("Only the secretariat writes the edition's prose."))
    edition = _edition(slug)
    parts = dict.fromkeys(EditionProse.Part.values, "")
    translated: dict[str, dict[str, Any]] = {}
    for part, markdown, translations in EditionProse.objects.filter(
        edition=edition
    ).values_list("part", "markdown", "translations"):
        parts[part] = markdown
        translated[part] = translations or {}
    languages = list(translation_languages())
    problem = ""
    if request.method == "POST":
        texts = {part: request.POST.get(part, "") for part in parts}
        given = {
            part: {
                code: request.POST[f"{part}:{code}"]
                for code, _name in languages
                if f"{part}:{code}" in request.POST
            }
            for part in parts
        }
        try:
            count = save_prose(edition, texts, given)
        except EditionImmutableError:
            problem = _("The edition is published: its prose is frozen with it.")
        else:
            messages.success(
                request,
                _("Saved: %(count)d parts of the document have prose.")
                % {"count": count},
            )
            return redirect("publishing:edition_prose", slug=slug)
    titles = {chapter.key: chapter.heading for chapter in chapters()}
    fields = [
        {
            "name": part,
            "title": titles.get(part, part),
            "text": text,
            "translations": [
                {
                    "name": f"{part}:{code}",
                    "language": language,
                    "text": (translated.get(part, {}).get(code) or {}).get(
                        "markdown", ""
                    ),
                }
                for code, language in languages
            ],
        }
        for part, text in parts.items()
    ]
    return render(
        request,
        "publishing/workspace/prose.html",
        {"edition": edition, "fields": fields, "problem": problem},
        status=409 if problem else 200,
    )


def _download(
    request: HttpRequest, slug: str, name: str
) -> HttpResponse | FileResponse:
    """Serve one of the published edition's downloads, packaged on first request."""
    edition = get_object_or_404(Edition.objects.published(), slug=slug)
    language = translation.get_language() or settings.LANGUAGE_CODE
    try:
        files = downloads.prepare(edition, language)
    except BuildError as problem:
        return HttpResponse(
            _("The downloads of this edition cannot be prepared: %(problem)s")
            % {"problem": problem},
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    if name == CHECKSUMS:
        path = downloads.downloads_folder(edition, language) / CHECKSUMS
        response: HttpResponse | FileResponse = FileResponse(
            path.open("rb"), content_type="text/plain; charset=utf-8"
        )
    else:
        found = files[name]
        response = FileResponse(
            found.path.open("rb"),
            as_attachment=True,
            filename=found.name,
            content_type=CONTENT_TYPES[name],
        )
        # The checksum travels with the file (RFC 9530), and in SHA256SUMS.
        digest = base64.b64encode(bytes.fromhex(found.sha256)).decode()
        response["Repr-Digest"] = f"sha-256=:{digest}:"
    response["Content-Language"] = language
    response["Cache-Control"] = "public, max-age=3600"
    return response


CONTENT_TYPES = {
    PDF_NAME: "application/pdf",
    downloads.SITE_ARCHIVE: "application/zip",
    downloads.DATA_ARCHIVE: "application/zip",
}


@require_safe
def edition_pdf(request: HttpRequest, slug: str) -> HttpResponse | FileResponse:
    """Download the published edition's roadmap PDF, in the page's language."""
    return _download(request, slug, PDF_NAME)


@require_safe
def edition_site(request: HttpRequest, slug: str) -> HttpResponse | FileResponse:
    """Download the published edition's static site as a zip archive."""
    return _download(request, slug, downloads.SITE_ARCHIVE)


@require_safe
def edition_data(request: HttpRequest, slug: str) -> HttpResponse | FileResponse:
    """Download the published edition's open data release as a zip archive."""
    return _download(request, slug, downloads.DATA_ARCHIVE)


@require_safe
def edition_checksums(request: HttpRequest, slug: str) -> HttpResponse | FileResponse:
    """Return the SHA-256 of the edition's three downloads (``sha256sum -c``)."""
    return _download(request, slug, CHECKSUMS)
