from __future__ import annotations

import datetime as dt

from ger.exports.roadmap import Link, PlannedMission, Roadmap
from ger.plandates import PlanDate


def planned(
    slug: str,
    planned_text: str | None = None,
    actual_text: str | None = None,
    lead: str = "NASA",
    status: str = "planned",
) -> PlannedMission:
    """Return a plain mission for renderer tests that need no database."""
    return PlannedMission(
        slug=slug,
        name=slug.replace("-", " ").title(),
        lead=lead,
        partners=(),
        destination="lunar-surface",
        crewed=False,
        kind="science",
        status=status,
        planned=PlanDate.parse(planned_text) if planned_text else None,
        actual=PlanDate.parse(actual_text) if actual_text else None,
        statement="",
        uncertain=False,
    )


def roadmap(
    *missions: PlannedMission, links: tuple[Link, ...] = (), edition: str | None = None
) -> Roadmap:
    return Roadmap(
        title="Test plan",
        edition_slug=edition,
        missions=missions,
        links=links,
        as_of=dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC),
    )
