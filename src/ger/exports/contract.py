"""The one output contract of every renderer: a file name, a media type and bytes."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse

from ger.spreadsheet import csv_text


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


def render_csv(
    filename: str, columns: Sequence[str], rows: Iterable[dict[str, Any]]
) -> Rendered:
    """Render rows as UTF-8 CSV with a header line."""
    lines = [columns, *([row.get(column) for column in columns] for row in rows)]
    return Rendered(filename, "text/csv; charset=utf-8", csv_text(lines).encode())


def render_json(filename: str, document: Any) -> Rendered:
    """Render a document as pretty UTF-8 JSON."""
    content = json.dumps(document, ensure_ascii=False, indent=2, default=str).encode(
        "utf-8"
    )
    return Rendered(filename, "application/json", content + b"\n")
