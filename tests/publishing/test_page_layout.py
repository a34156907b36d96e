"""The roadmap PDF's pages, measured: no two words overlap on any page.

Every word's box comes from ``pdftotext -bbox-layout`` (poppler-utils), charts
included: WeasyPrint draws their labels as text.
"""

from __future__ import annotations

import pytest

from tests.text_boxes import describe, overlaps, pdf_pages

pytestmark = pytest.mark.django_db


def test_no_two_words_overlap_on_any_page_of_the_roadmap(built):
    pages = pdf_pages(built.pdf)
    assert len(pages) > 5
    found = [pair for page in pages for pair in overlaps(page.words)]
    assert not found, "\n".join(describe(found))
    # The charts' labels are among the words measured.
    words = {word.text for page in pages for word in page.words}
    assert {"CAPSTONE", "(NRHO)"} <= words
