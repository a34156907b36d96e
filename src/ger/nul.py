"""NUL characters: PostgreSQL cannot store them in text, so GER keeps none anywhere."""

from __future__ import annotations

from typing import Any

NUL = "\x00"


def without_nul(value: Any) -> Any:
    """Return ``value`` with NUL characters removed from every string in it."""
    if isinstance(value, str):
        return value.replace(NUL, "")
    if isinstance(value, list):
        return [without_nul(item) for item in value]
    if isinstance(value, dict):
        return {without_nul(key): without_nul(item) for key, item in value.items()}
    return value


def holds_nul(value: Any) -> bool:
    """Return whether any string in ``value`` holds a NUL character."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, list):
        return any(holds_nul(item) for item in value)
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    return False
