"""The one output contract of every renderer: a file name, a media type and bytes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse

# Spreadsheets run cells that start with these as formulas (a leading "|" starts a
# DDE call in some of them); a quote makes them text.
FORMULA_STARTS = ("=", "+", "-", "@", "|", "\t", "\r")


@dataclass(frozen=True)
class Rendered:
    """A rendered output: what to call it, what it is, and its content."""

    filename: str
    media_type: str
    content: bytes

    def as_download(self) -> HttpResponse:
        """Return the output as an HTTP attachment."""
        response = HttpResponse(self.content, content_type=self.media_type)
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        return response


def safe_cell(value: Any) -> str:
    """Return ``value`` as CSV text that no spreadsheet will run as a formula."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A number such as -70.9 cannot run as a formula; quoting it breaks its type.
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def render_csv(
    filename: str, columns: Sequence[str], rows: Iterable[dict[str, Any]]
) -> Rendered:
    """Render rows as UTF-8 CSV with a header line."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(row.get(column)) for column in columns])
    return Rendered(
        filename, "text/csv; charset=utf-8", buffer.getvalue().encode("utf-8")
    )


def render_json(filename: str, document: Any) -> Rendered:
    """Render a document as pretty UTF-8 JSON."""
    content = json.dumps(document, ensure_ascii=False, indent=2, default=str).encode(
        "utf-8"
    )
    return Rendered(filename, "application/json", content + b"\n")
