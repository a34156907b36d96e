"""Every text box of a rendered PDF or SVG, measured by poppler, and their overlaps.

``pdftotext -bbox-layout`` (poppler-utils) gives the box of every word as the PDF
draws it. An SVG is measured the same way: WeasyPrint draws it into a PDF first, so
the boxes are the ones the fonts really give, not the widths the chart estimated.
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>'
)
_LINE = re.compile(r"<line [^>]*>(.*?)</line>", re.S)


@dataclass(frozen=True)
class Word:
    """One word on a page and the box it covers, in points."""

    page: int
    line: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    """A page's size and words."""

    number: int
    width: float
    height: float
    words: list[Word]


def pdf_pages(
    pdf: Path, first: int | None = None, last: int | None = None
) -> list[Page]:
    """Return every page of ``pdf`` with its words' boxes."""
    command = ["pdftotext", "-bbox-layout"]
    if first:
        command += ["-f", str(first)]
    if last:
        command += ["-l", str(last)]
    output = subprocess.run(
        [*command, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    line_number = 0
    for number, match in enumerate(_PAGE.finditer(output), start=first or 1):
        words = []
        for line in _LINE.finditer(match.group(3)):
            line_number += 1
            for x0, y0, x1, y1, word in _WORD.findall(line.group(1)):
                words.append(
                    Word(
                        number,
                        line_number,
                        html.unescape(word),
                        float(x0),
                        float(y0),
                        float(x1),
                        float(y1),
                    )
                )
        pages.append(Page(number, float(match.group(1)), float(match.group(2)), words))
    return pages


def overlaps(words: list[Word], tolerance: float = 0.3) -> list[tuple[Word, Word]]:
    """Return the pairs of words whose boxes overlap by more than ``tolerance``.

    Words of one line sit side by side by construction; only words of different
    lines are compared. Sorted by left edge, each word is compared with the words
    that start before it ends (a sweep, not every pair).
    """
    found = []
    ordered = sorted(words, key=lambda w: w.x0)
    for index, word in enumerate(ordered):
        for other in ordered[index + 1 :]:
            if other.x0 >= word.x1 - tolerance:
                break
            if other.line == word.line:
                continue
            if (
                min(word.x1, other.x1) - max(word.x0, other.x0) > tolerance
                and min(word.y1, other.y1) - max(word.y0, other.y0) > tolerance
            ):
                found.append((word, other))
    return found


def describe(pairs: list[tuple[Word, Word]]) -> list[str]:
    """Return the overlapping pairs as readable lines for an assertion message."""
    return [
        f"page {a.page}: {a.text!r} ({a.x0:.1f},{a.y0:.1f})-({a.x1:.1f},{a.y1:.1f}) "
        f"overlaps {b.text!r} ({b.x0:.1f},{b.y0:.1f})-({b.x1:.1f},{b.y1:.1f})"
        for a, b in pairs
    ]


def svg_pages(svg: str, folder: Path, name: str) -> list[Page]:
    """Return the words of ``svg`` as WeasyPrint draws it (one page, the chart's size)."""
    from weasyprint import HTML

    width = re.search(r'width="(\d+)"', svg)
    height = re.search(r'height="(\d+)"', svg)
    assert width, "the SVG has no width"
    assert height, "the SVG has no height"
    page = (
        f"<style>@page {{ size: {int(width.group(1)) + 2}px {int(height.group(1)) + 2}px;"
        "margin: 0 }} body {{ margin: 0 }}</style>" + svg
    )
    pdf = folder / f"{name}.pdf"
    HTML(string=page).write_pdf(pdf)
    return pdf_pages(pdf)


# The print margins of tests' interest, in points: portrait and landscape pages.
_MARGINS = {"portrait": (62.4, 56.7), "landscape": (51.0, 45.4)}


def body_words(page: Page) -> list[Word]:
    """Return the page's words without the running header and the page number."""
    top, bottom = _MARGINS["portrait" if page.height > page.width else "landscape"]
    return [
        w for w in page.words if w.y0 >= top - 4 and w.y1 <= page.height - bottom + 4
    ]


def filled(page: Page) -> float:
    """Return how far down the page's text area its text reaches, from 0 to 1."""
    top, bottom = _MARGINS["portrait" if page.height > page.width else "landscape"]
    words = body_words(page)
    if not words:
        return 0.0
    return (max(w.y1 for w in words) - top) / (page.height - top - bottom)
