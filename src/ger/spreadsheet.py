"""The one CSV writer: every CSV that GER hands out goes through ``csv_lines``.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-``, ``@`` (or ``|``, a DDE
call in some of them, or a tab or carriage return) as a formula: a mission named
``=HYPERLINK(...)`` would run in the reader's spreadsheet. ``safe_cell`` puts a quote
before such a cell, which makes it text; numbers are left as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "|", "\t", "\r")


def safe_cell(value: Any) -> str:
    """Return ``value`` as CSV text that no spreadsheet will run as a formula."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A number such as -70.9 cannot run as a formula; quoting it breaks its type.
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Line:
    """A file-like object whose ``write`` returns the line (one CSV row at a time)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(
    rows: Iterable[Sequence[Any]], lineterminator: str = "\r\n"
) -> Iterator[str]:
    """Yield each row as one CSV line, every cell guarded by ``safe_cell``.

    Lazy, so that a long export streams row by row.
    """
    writer = csv.writer(_Line(), lineterminator=lineterminator)
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def csv_text(rows: Iterable[Sequence[Any]], lineterminator: str = "\r\n") -> str:
    """Return the rows as CSV text (``csv_lines`` joined)."""
    return "".join(csv_lines(rows, lineterminator))
