"""Find NUL characters in what a request carries, before any database sees them.

PostgreSQL refuses text holding a NUL ("text fields cannot contain NUL") while SQLite
stores it, so a NUL must be refused at the door on both, naming where it was.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import QueryDict

NUL = "\x00"
# How a NUL can appear in a raw body: as the byte itself, JSON's escape, or a form's.
RAW_JSON_MARKS = (b"\x00", b"\\u0000")
RAW_FORM_MARKS = (b"\x00", b"%00")


def nul_field_in_json(document: Any) -> str | None:
    """Return the dotted name of the first string or key holding a NUL, or None."""
    # Walked with a stack, not recursion: a body may be nested thousands deep.
    pending: list[tuple[str, Any]] = [("", document)]
    while pending:
        name, value = pending.pop()
        if isinstance(value, str):
            if NUL in value:
                return name or "body"
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                child = f"{name}.{key}" if name else str(key)
                if NUL in str(key):
                    return child.replace(NUL, "\\0")
                pending.append((child, item))
        elif isinstance(value, list):
            for index in reversed(range(len(value))):
                pending.append(
                    (f"{name}.{index}" if name else str(index), value[index])
                )
    return None


def nul_field_in_query(data: QueryDict) -> str | None:
    """Return the first parameter whose name or value holds a NUL, or None."""
    for key, values in data.lists():
        if NUL in key or any(NUL in value for value in values):
            return key.replace(NUL, "\\0")
    return None


def nul_field_in_json_body(body: bytes) -> str | None:
    """Return where a JSON body holds a NUL, or None (also when it is not JSON)."""
    if not any(mark in body for mark in RAW_JSON_MARKS):
        return None
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        # Not JSON at all: the view answers that with its own error.
        return "body" if b"\x00" in body else None
    return nul_field_in_json(document)
