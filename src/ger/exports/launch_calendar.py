"""An iCalendar feed of launches: one all-day event per mission, over its whole period.

A launch known to the day is a one-day event. One known only to a month, quarter or
year spans that period (DTEND is the day after its last day, as RFC 5545 wants for
all-day events), so no calendar shows "2028" as if it meant 1 January 2028.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Calendar, Event

from ger.exports.contract import Rendered
from ger.exports.roadmap import PlannedMission, Roadmap
from ger.exports.wording import launch_phrase, period_text, span_note
from ger.plans.models import Mission

PRODUCT_ID = "-//GER//Global Exploration Roadmap launches//EN"
MEDIA_TYPE = "text/calendar; charset=utf-8"


def event_uid(mission: PlannedMission, roadmap: Roadmap) -> str:
    """Return the event's stable UID: one per mission, and per edition for editions."""
    if roadmap.edition_slug is None:
        return f"{mission.slug}@ger"
    return f"{mission.slug}.{roadmap.edition_slug}@ger"


def render_launch_calendar(
    roadmap: Roadmap, filename: str, base_url: str = ""
) -> Rendered:
    """Render the roadmap's launches as an iCalendar feed."""
    dated = [mission for mission in roadmap.missions if mission.launch is not None]
    left_out = len(roadmap.missions) - len(dated)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add(
        "x-wr-calname", _("GER launches: %(title)s") % {"title": roadmap.title}
    )
    calendar.add("x-wr-caldesc", _calendar_description(len(dated), left_out))
    calendar.add("x-published-ttl", "P1D")
    for mission in dated:
        calendar.add_component(_event(mission, roadmap, base_url))
    return Rendered(filename, MEDIA_TYPE, calendar.to_ical())


def _calendar_description(count: int, left_out: int) -> str:
    text = ngettext(
        "%(count)d mission launch, actual where known, else as planned.",
        "%(count)d mission launches, actual where known, else as planned.",
        count,
    ) % {"count": count}
    text += " " + _(
        "A date known only to a month, quarter or year is an all-day event "
        "spanning that whole period."
    )
    if left_out:
        text += " " + ngettext(
            "%(count)d mission without a launch date is left out.",
            "%(count)d missions without a launch date are left out.",
            left_out,
        ) % {"count": left_out}
    return text


def _event(mission: PlannedMission, roadmap: Roadmap, base_url: str) -> Event:
    date = mission.launch
    assert date is not None
    event = Event()
    event.add("uid", event_uid(mission, roadmap))
    event.add("dtstamp", roadmap.as_of.astimezone(dt.UTC))
    event.add("dtstart", date.start)
    event.add("dtend", date.end + dt.timedelta(days=1))
    event.add("summary", f"{mission.name}: {launch_phrase(mission)}")
    event.add("description", _description(mission))
    event.add("categories", [mission.lead, mission.destination])
    event.add("status", _status(mission))
    event.add("transp", "TRANSPARENT")
    # Machine-readable twins of the wording, for clients that want the precision.
    event.add("x-ger-date", str(date))
    event.add("x-ger-precision", date.precision)
    event.add("x-ger-qualifier", date.qualifier or "exact")
    if base_url:
        path = reverse("web:mission", args=[mission.slug])
        event.add("url", base_url.rstrip("/") + path)
    return event


def _status(mission: PlannedMission) -> str:
    if mission.status == Mission.Status.CANCELLED:
        return "CANCELLED"
    return "CONFIRMED" if mission.actual is not None else "TENTATIVE"


def _description(mission: PlannedMission) -> str:
    date = mission.launch
    assert date is not None
    lines = [
        capfirst(launch_phrase(mission)) + ".",
        _("Lead: %(lead)s.") % {"lead": mission.lead},
    ]
    if mission.partners:
        lines.append(_("Partners: %(codes)s.") % {"codes": ", ".join(mission.partners)})
    lines.append(_("Destination: %(slug)s.") % {"slug": mission.destination})
    if mission.status:
        lines.append(_("Status: %(status)s.") % {"status": _status_label(mission)})
    if mission.actual is not None and mission.planned is not None:
        lines.append(
            _("Planned launch was %(date)s.") % {"date": period_text(mission.planned)}
        )
    if mission.statement:
        lines.append(_("As stated: %(text)s") % {"text": mission.statement})
    note = span_note(date)
    if note:
        lines.append(note)
    if mission.uncertain:
        lines.append(_("Some facts about this mission are uncertain."))
    return "\n".join(lines)


def _status_label(mission: PlannedMission) -> str:
    labels = dict(Mission.Status.choices)
    return str(labels.get(mission.status, mission.status))
