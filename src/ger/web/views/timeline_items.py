"""Missions turned into timeline items (the adapter between the ORM and the chart)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from ger.charts.timeline import TimelineItem
from ger.plandates import Qualifier
from ger.plans.models import Mission


def timeline_item(mission: Mission, lane: str) -> TimelineItem:
    """Return how the timeline draws ``mission``: its launch if known, else its plan."""
    actual = mission.actual_launch
    planned = mission.planned_launch
    date = actual or planned
    if date is None:
        label = _("date not known")
    elif actual is not None:
        label = _("launched %(date)s") % {"date": date.label()}
    else:
        label = _("planned %(date)s") % {"date": date.label()}
    return TimelineItem(
        slug=mission.slug,
        name=mission.name,
        url=mission.get_absolute_url(),
        lane=lane,
        start=date.start if date else None,
        end=date.end if date else None,
        date_label=label,
        crewed=mission.crewed,
        status=mission.status,
        status_label=str(mission.get_status_display()),
        open_ended=actual is None
        and planned is not None
        and planned.qualifier == Qualifier.NO_EARLIER_THAN,
        actual=actual is not None,
    )


def timeline_items(
    missions: Iterable[Mission], lane_of: Callable[[Mission], str]
) -> list[TimelineItem]:
    """Return a timeline item for every mission, in the lane ``lane_of`` names."""
    return [timeline_item(mission, lane_of(mission)) for mission in missions]
