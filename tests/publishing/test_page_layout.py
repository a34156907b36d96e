"""The roadmap PDF's pages, measured: no two words overlap, no page is left empty.

Every word's box comes from ``pdftotext -bbox-layout`` (poppler-utils), charts
included: WeasyPrint draws their labels as text.
"""

from __future__ import annotations

import pytest

from ger.publishing.build.chapters import chapters
from tests.text_boxes import Page, body_words, describe, filled, overlaps, pdf_pages

pytestmark = pytest.mark.django_db


def test_no_two_words_overlap_on_any_page_of_the_roadmap(built):
    pages = pdf_pages(built.pdf)
    assert len(pages) > 5
    found = [pair for page in pages for pair in overlaps(page.words)]
    assert not found, "\n".join(describe(found))
    # The charts' labels are among the words measured.
    words = {word.text for page in pages for word in page.words}
    assert {"CAPSTONE", "(NRHO)"} <= words


def part_starts(page: Page, headings: list[str]) -> bool:
    """Return whether a part of the document (or the cover) begins on ``page``."""
    if page.number == 1:
        return True
    lines: dict[int, list[str]] = {}
    for word in body_words(page):
        lines.setdefault(word.line, []).append(word.text)
    texts = [" ".join(words) for words in lines.values()]
    return any(text.startswith(heading[:24]) for text in texts for heading in headings)


def test_no_page_but_a_part_s_first_is_more_than_half_empty(built):
    pages = pdf_pages(built.pdf)
    headings = [*built.headings, "Contents", "Colophon"]
    sparse = []
    for index, page in enumerate(pages):
        if part_starts(page, headings):
            continue
        following = pages[index + 1] if index + 1 < len(pages) else None
        turns = following is not None and (following.width > following.height) != (
            page.width > page.height
        )
        # A landscape section starts on a page of its own: the page before it
        # ends where its text ends.
        if turns:
            continue
        if filled(page) < 0.5:
            sparse.append(f"page {page.number}: {filled(page):.0%} filled")
    assert not sparse, sparse


def test_the_measure_of_a_page_tells_a_full_page_from_an_empty_one(built):
    pages = pdf_pages(built.pdf)
    # The contents page lists a dozen parts: far less than half a page.
    contents = next(p for p in pages if any(w.text == "Contents" for w in p.words))
    assert filled(contents) < 0.5
    assert max(filled(page) for page in pages) > 0.9


def test_the_cover_carries_artwork_and_the_colophon_the_integrity_details(built):
    pages = pdf_pages(built.pdf)
    cover = " ".join(word.text for word in pages[0].words)
    assert "SHA-256" not in cover
    last = " ".join(word.text for word in pages[-1].words)
    assert "Colophon" in last
    assert "SHA-256" in last
    html = (built.out / "site" / "index.html").read_text(encoding="utf-8")
    assert "chart-title-by-destination" in html


def test_every_chapter_has_a_generated_figure(built):
    site = built.out / "site"
    for chapter in chapters():
        page = (site / chapter.page).read_text(encoding="utf-8")
        assert "<svg" in page, chapter.key
    scenario = (site / "scenario.html").read_text(encoding="utf-8")
    assert "chart-title-scenario" in scenario
    assert "As of October 2022" in scenario
