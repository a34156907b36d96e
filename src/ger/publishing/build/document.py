"""The document's HTML for the PDF: cover, contents, chapters and annex."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import get_language

from ger.publishing.build.content import EditionContent
from ger.publishing.build.context import annex_groups, draw_figures, page_context
from ger.publishing.build.images import document_groups, edition_images
from ger.publishing.build.links import PDF, Links


def document_html(content: EditionContent) -> str:
    """Return the whole document as one HTML page, ready for WeasyPrint."""
    links = Links(PDF)
    created = content.moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return render_to_string(
        "publishing/document.html",
        page_context(
            content,
            links,
            draw_figures(content, links),
            annex_groups=annex_groups(content),
            image_groups=document_groups(edition_images(content)),
            created=created,
            LANGUAGE_CODE=get_language() or "en",
        ),
    )
