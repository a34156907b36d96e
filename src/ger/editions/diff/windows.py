"""Plans compared as windows: a slip is a later earliest date."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from ger.editions.diff.results import CHANGE_WORDS, Replan
from ger.editions.snapshot_dates import parse_snapshot_date
from ger.plandates import PlanDate, Qualifier


def months_between(before: PlanDate, after: PlanDate) -> int:
    """Return the months from the start of one period to the start of another."""
    return (after.start.year - before.start.year) * 12 + (
        after.start.month - before.start.month
    )


def _months(before: dt.date, after: dt.date) -> int:
    return (after.year - before.year) * 12 + (after.month - before.month)


Window = tuple[dt.date | None, dt.date | None]


def window_of(date: PlanDate) -> Window:
    """Return the (earliest, latest) days a plan date allows; None is unbounded."""
    if date.qualifier == Qualifier.NO_EARLIER_THAN:
        return date.start, None
    if date.qualifier == Qualifier.NO_LATER_THAN:
        return None, date.end
    return date.start, date.end


def _within(inner: Window, outer: Window) -> bool:
    low_ok = outer[0] is None or (inner[0] is not None and inner[0] >= outer[0])
    high_ok = outer[1] is None or (inner[1] is not None and inner[1] <= outer[1])
    return low_ok and high_ok


def replan_of(before: str | None, after: str | None) -> tuple[str, int | None, str]:
    """Return (kind of change, months of slip or None, a note) between two plans.

    The kinds: ``slip`` (a later earliest date), ``earlier``, ``narrowed`` (the new
    window lies within the old, bounded one: a finer precision, a bound made exact),
    ``widened``, ``first_recorded`` and ``not_recorded`` (one record states no
    date), ``unchanged``.
    """
    old, new = parse_snapshot_date(before), parse_snapshot_date(after)
    if old is None and new is None:
        return "unchanged", None, ""
    if old is None:
        return "first_recorded", None, _("no planned date in the earlier record")
    if new is None:
        return "not_recorded", None, _("no planned date in the later record")
    old_window, new_window = window_of(old), window_of(new)
    if old_window == new_window:
        return "unchanged", None, ""
    # Within a bounded window, a later or finer date narrows it; a no-earlier-than
    # date moved later is a slip, as the plan's earliest date is what it states.
    if old_window[1] is not None and _within(new_window, old_window):
        return (
            "narrowed",
            None,
            _("window narrowed from %(old)s to %(new)s, within the earlier one")
            % {"old": before, "new": after},
        )
    if _within(old_window, new_window):
        return (
            "widened",
            None,
            _("window widened from %(old)s to %(new)s") % {"old": before, "new": after},
        )
    # The windows differ and neither holds the other: compare the earliest dates
    # (or, for two no-later-than bounds, the latest ones).
    if old_window[0] is not None and new_window[0] is not None:
        months = _months(old_window[0], new_window[0])
    else:
        months = _months(old_window[1] or old.end, new_window[1] or new.end)
    kind = "slip" if months > 0 else "earlier"
    return kind, months, ""


def replan_line(replan: Replan) -> str:
    """Return one re-plan as a reader reads it: dates, and months only for a slip."""
    dates = f"{replan.before or '—'} → {replan.after or '—'}"
    if replan.slip_months is None:
        return f"{replan.name}: {dates} ({CHANGE_WORDS.get(replan.change, '')})"
    sign = "+" if replan.slip_months > 0 else ""
    months = _("%(count)s months") % {"count": f"{sign}{replan.slip_months}"}
    return f"{replan.name}: {dates} ({months})"
