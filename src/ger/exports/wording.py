"""How exports word a launch date: its period, its precision and its qualifier."""

from __future__ import annotations

import dataclasses

from django.utils.translation import gettext as _

from ger.exports.roadmap import PlannedMission
from ger.plandates import PlanDate, Precision, Qualifier


def period_text(date: PlanDate) -> str:
    """Return the date's period as GER writes it, without its qualifier."""
    return str(dataclasses.replace(date, qualifier=Qualifier.EXACT))


def date_phrase(date: PlanDate) -> str:
    """Return the date with its qualifier spelled out and its precision if not a day."""
    text = period_text(date)
    if date.precision != Precision.DAY:
        text = _("%(date)s (%(precision)s precision)") % {
            "date": text,
            "precision": Precision(date.precision).label,
        }
    if date.qualifier == Qualifier.NO_EARLIER_THAN:
        return _("no earlier than %(date)s") % {"date": text}
    if date.qualifier == Qualifier.NO_LATER_THAN:
        return _("no later than %(date)s") % {"date": text}
    return text


def launch_phrase(mission: PlannedMission) -> str:
    """Return "launched …" or "planned launch …" for the date an export shows."""
    if mission.actual is not None:
        return _("launched %(date)s") % {"date": date_phrase(mission.actual)}
    if mission.planned is not None:
        return _("planned launch %(date)s") % {"date": date_phrase(mission.planned)}
    return _("no launch date")


def span_note(date: PlanDate) -> str:
    """Return why an event or task covers a whole period, or "" for a known day."""
    if date.precision == Precision.DAY:
        return ""
    return _(
        "The date is known to the %(precision)s only, so this covers the whole "
        "period from %(start)s to %(end)s rather than a made-up day."
    ) % {
        "precision": Precision(date.precision).label,
        "start": date.start.isoformat(),
        "end": date.end.isoformat(),
    }
