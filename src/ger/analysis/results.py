"""The one output contract of every analysis: a dict for JSON, rows for tables.

Each analysis returns a result with ``as_dict()`` (the whole result as JSON-ready
data) and ``table()`` (its main table as named columns and flat rows), so the web
pages, the CLI's ``table|json|csv`` formats and the API all render the same thing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ger.spreadsheet import csv_text

Cell = str | int | float | bool | None


@dataclass(frozen=True)
class Table:
    """Named columns and the rows under them."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


class AnalysisResult(Protocol):
    def as_dict(self) -> dict[str, Any]: ...

    def table(self) -> Table: ...


def to_json(result: AnalysisResult) -> str:
    """Return the result as indented JSON."""
    return json.dumps(result.as_dict(), indent=2, ensure_ascii=False, default=str)


def to_csv(result: AnalysisResult) -> str:
    """Return the result's table as CSV with a header row."""
    table = result.table()
    return csv_text([table.columns, *table.rows], lineterminator="\n")


def _text(cell: Cell) -> str:
    if cell is None:
        return "—"
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, float):
        return f"{cell:.2f}"
    return str(cell)


def to_text_table(result: AnalysisResult, max_width: int = 60) -> str:
    """Return the result's table aligned in columns for a terminal."""
    table = result.table()
    cells = [[_shorten(_text(cell), max_width) for cell in row] for row in table.rows]
    widths = [len(name) for name in table.columns]
    for row in cells:
        widths = [
            max(width, len(cell)) for width, cell in zip(widths, row, strict=True)
        ]
    lines = [_line(table.columns, widths), _line(["-" * w for w in widths], widths)]
    lines.extend(_line(row, widths) for row in cells)
    return "\n".join(lines) + "\n"


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(
        cell.ljust(width) for cell, width in zip(cells, widths, strict=True)
    ).rstrip()


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
