"""What changed between two editions: a pure function over two snapshots.

The snapshots are the plain dicts of ``build_snapshot`` / ``Edition.snapshot``, so the
web page, the ``diff`` command, the document builder and the API all share one answer.

A diff says only what the two records support. A mission that one record does not
hold is *not recorded* there, not added or removed, unless the record of its lead
agency is marked complete (``complete_for``) or the later edition states the drop.
Plans compare as windows: a slip is a later earliest date; a narrower window or a
finer precision is "window narrowed", with no months of slip.
"""

from __future__ import annotations

from ger.editions.diff.compare import diff_snapshots
from ger.editions.diff.results import BASIS_WORDS, CHANGE_WORDS, EditionDiff
from ger.editions.diff.text import render_text
from ger.editions.diff.windows import months_between, replan_line, replan_of, window_of

__all__ = [
    "BASIS_WORDS",
    "CHANGE_WORDS",
    "EditionDiff",
    "diff_snapshots",
    "months_between",
    "render_text",
    "replan_line",
    "replan_of",
    "window_of",
]
