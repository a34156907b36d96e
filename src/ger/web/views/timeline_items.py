"""Missions turned into timeline items (the adapter between the ORM and the chart)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from ger.charts.timeline import TimelineItem
from ger.plandates import Qualifier
from ger.plans.models import Mission

# The most missions one timeline draws: beyond a few hundred bars a chart informs no
# one and weighs megabytes. Pages draw a window of their missions and say so.
CHART_LIMIT = 400
# What ``timeline_item`` reads of a mission (and the lanes: lead and destination).
CHART_FIELDS = (
    "slug",
    "name",
    "crewed",
    "status",
    "lead__code",
    "destination__name",
    "destination__slug",
    "destination__translations",
    "planned_launch_on",
    "planned_launch_precision",
    "planned_launch_qualifier",
    "actual_launch_on",
    "actual_launch_precision",
)
_SLUG = "-slug-"


def for_chart(missions: QuerySet[Mission]) -> QuerySet[Mission]:
    """Return ``missions`` loading only what the timeline draws (no long texts)."""
    return missions.select_related("lead", "destination").only(*CHART_FIELDS)


def status_labels() -> dict[str, str]:
    """Return each mission status's label in the active language."""
    return {value: str(label) for value, label in Mission.Status.choices}


def mission_paths() -> Callable[[str], str]:
    """Return a function from a mission's slug to its page's path, reversing once."""
    prefix, suffix = reverse("web:mission", args=[_SLUG]).split(_SLUG)
    # A slug is URL-safe: it goes into the path as it is, as reverse() puts it.
    return lambda slug: f"{prefix}{slug}{suffix}"


def timeline_item(
    mission: Mission,
    lane: str,
    status_labels: Mapping[str, str] | None = None,
    url: str | None = None,
) -> TimelineItem:
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
        url=url or mission.get_absolute_url(),
        lane=lane,
        start=date.start if date else None,
        end=date.end if date else None,
        date_label=label,
        crewed=mission.crewed,
        status=mission.status,
        status_label=(
            status_labels.get(mission.status, mission.status)
            if status_labels is not None
            else str(mission.get_status_display())
        ),
        open_ended=actual is None
        and planned is not None
        and planned.qualifier == Qualifier.NO_EARLIER_THAN,
        actual=actual is not None,
    )


def timeline_items(
    missions: Iterable[Mission], lane_of: Callable[[Mission], str]
) -> list[TimelineItem]:
    """Return a timeline item for every mission, in the lane ``lane_of`` names."""
    # Hundreds of items: translate each status and resolve the mission URL once,
    # not per mission (each costs about as much as the rest of the item).
    labels = status_labels()
    path = mission_paths()
    return [
        timeline_item(mission, lane_of(mission), labels, path(mission.slug))
        for mission in missions
    ]
