"""The plan dates a snapshot holds, written as text."""

from __future__ import annotations

from ger.plandates import PlanDate, PlanDateError


def parse_snapshot_date(text: str | None) -> PlanDate | None:
    """Return the date a snapshot wrote as text, or None when it has none."""
    if not text:
        return None
    try:
        return PlanDate.parse(text)
    except PlanDateError:
        # Snapshots are written from PlanDate, so this only guards hand-made ones.
        return None
