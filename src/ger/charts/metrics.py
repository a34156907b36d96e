"""How wide a label is, measured from the font the charts are drawn in.

Label placement needs each label's width before the SVG exists. The charts name
DejaVu Sans first (``FONT_FAMILY``): the PDF is laid out with it (Debian's
fonts-dejavu-core), and it is wider than the usual screen sans-serif fonts, so a
layout that fits its widths also fits theirs. The advance widths are read once
from the font file with fontTools (a WeasyPrint dependency). Without the font
file the width falls back to a conservative 0.64 em per character, wider than
any DejaVu Sans letter but a few capitals.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FAMILY = "'DejaVu Sans', 'GER Sans', Verdana, sans-serif"
FALLBACK_EM = 0.64
# The height of a line of text in em: DejaVu Sans' ascent plus descent.
ASCENT_EM = 0.93
DESCENT_EM = 0.24


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in the chart's own units."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, margin: float = 0.0) -> bool:
        """Return whether the boxes overlap, or come closer than ``margin``."""
        return (
            self.x0 < other.x1 + margin
            and other.x0 < self.x1 + margin
            and self.y0 < other.y1 + margin
            and other.y0 < self.y1 + margin
        )

    def inside(self, other: Box) -> bool:
        """Return whether this box lies wholly within ``other``."""
        return (
            self.x0 >= other.x0
            and self.y0 >= other.y0
            and self.x1 <= other.x1
            and self.y1 <= other.y1
        )


@cache
def _advances(bold: bool) -> tuple[dict[int, float], float] | None:
    """Return the advance width of each character in em, and the default."""
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if not path.is_file():
        return None
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # only when drawn

    font = TTFont(str(path), lazy=True)
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    widths = {
        code: metrics[glyph][0] / units
        for code, glyph in font.getBestCmap().items()
        if glyph in metrics
    }
    default = metrics[".notdef"][0] / units if ".notdef" in metrics else FALLBACK_EM
    font.close()
    return widths, default


def text_width(value: str, size: float, bold: bool = False) -> float:
    """Return how wide ``value`` is, set in DejaVu Sans at ``size`` units."""
    advances = _advances(bold)
    if advances is None:
        return len(value) * FALLBACK_EM * size
    widths, default = advances
    return sum(widths.get(ord(char), default) for char in value) * size


def text_box(
    value: str,
    x: float,
    baseline: float,
    size: float,
    anchor: str = "start",
    bold: bool = False,
) -> Box:
    """Return the box a label drawn at ``x``, ``baseline`` covers."""
    width = text_width(value, size, bold)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return Box(
        left, baseline - ASCENT_EM * size, left + width, baseline + DESCENT_EM * size
    )


def wrap(value: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Return ``value`` broken into lines no wider than ``width``, at spaces.

    A single word wider than ``width`` is cut with an ellipsis (the caller keeps the
    whole text in a tooltip).
    """
    lines: list[str] = []
    current = ""
    for word in value.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
    if current:
        lines.append(current)
    return [fit(line, size, width, bold) for line in lines] or [""]


def fit(value: str, size: float, width: float, bold: bool = False) -> str:
    """Return ``value``, cut with an ellipsis if it is wider than ``width``."""
    if text_width(value, size, bold) <= width:
        return value
    while value and text_width(value + "…", size, bold) > width:
        value = value[:-1]
    return value.rstrip() + "…"
