"""Everything the document says about an edition, gathered once for the PDF and site.

The mission plans, members, goals and the comparison come from the edition's
verified snapshot (and the previous edition's), so the document is frozen with the
edition. Destination names, membership counts and landing-site coordinates are
reference records the snapshot does not hold; they are read as they stand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from ger.charts.membership import CountPoint
from ger.editions.diff import EditionDiff, diff_snapshots
from ger.editions.models import Edition, EditionProse
from ger.plans.models import Destination, Mission
from ger.publishing.build.analysis import Analyses, run_analyses
from ger.publishing.build.chapters import Chapter, chapters
from ger.publishing.build.figures import LandingSite
from ger.publishing.build.missions import StatedMission, stated_missions
from ger.publishing.build.summary import Summary, summarize
from ger.registry.models import MembershipCount
from ger.web.markdown import render_markdown


@dataclass(frozen=True)
class Member:
    code: str
    name: str
    country: str
    joined: str
    founding: bool


@dataclass(frozen=True)
class Objective:
    code: str
    title: str


@dataclass(frozen=True)
class Goal:
    code: str
    title: str
    objectives: tuple[Objective, ...]


@dataclass
class EditionContent:
    """The edition's content, ready for the templates of the PDF and the site."""

    edition: Edition
    snapshot_sha256: str
    title: str
    released: str
    as_of: dt.date
    members: list[Member]
    missions: list[StatedMission]
    previous: Edition | None
    diff: EditionDiff | None
    summary: Summary
    goals: list[Goal]
    unassigned_objectives: list[Objective]
    analyses: Analyses
    prose: dict[str, SafeString]
    membership: list[CountPoint]
    lanes: list[str]
    sites: list[LandingSite]
    chapters: list[Chapter]
    warnings: list[str] = field(default_factory=list)

    @property
    def moment(self) -> dt.datetime:
        """Return the fixed time stamped on the outputs: the start of the release."""
        released = self.edition.released
        if released is not None:
            return dt.datetime.combine(released.start, dt.time(), tzinfo=dt.UTC)
        return dt.datetime.combine(self.as_of, dt.time(), tzinfo=dt.UTC)


def edition_date(edition: Edition) -> dt.date:
    """Return the date the edition speaks as of: the end of its release period."""
    released = edition.released
    if released is not None:
        return released.end
    if edition.published_at is not None:
        return edition.published_at.date()
    return dt.date(1970, 1, 1)


def previous_edition(edition: Edition) -> Edition | None:
    """Return the latest published edition before this one that states missions."""
    if edition.released_on is None:
        return None
    earlier = (
        Edition.objects.published()
        .filter(released_on__lt=edition.released_on)
        .exclude(pk=edition.pk)
        .order_by("-released_on", "-code")
    )
    for candidate in earlier:
        if (candidate.snapshot or {}).get("missions"):
            return candidate
    return None


def _goals(snapshot: dict[str, Any]) -> tuple[list[Goal], list[Objective]]:
    objectives: dict[str | None, list[Objective]] = {}
    for item in snapshot.get("objectives", []):
        objectives.setdefault(item.get("goal"), []).append(
            Objective(item["code"], item.get("title", ""))
        )
    goals = [
        Goal(
            item["code"], item.get("title", ""), tuple(objectives.get(item["code"], ()))
        )
        for item in snapshot.get("goals", [])
    ]
    known = {goal.code for goal in goals}
    loose = [
        objective
        for goal_code, items in sorted(objectives.items(), key=lambda kv: kv[0] or "")
        if goal_code is None or goal_code not in known
        for objective in items
    ]
    return goals, loose


def _sites(edition: Edition, slugs: set[str]) -> list[LandingSite]:
    kinds = dict(Mission.SiteKind.choices)
    rows = (
        Mission.objects.filter(
            edition_plans__edition=edition,
            site_latitude__isnull=False,
            site_longitude__isnull=False,
        )
        .order_by("slug")
        .values_list(
            "slug",
            "name",
            "site_latitude",
            "site_longitude",
            "site_kind",
            "site_uncertain",
        )
    )
    return [
        LandingSite(
            slug,
            name,
            float(lat or 0),
            float(lon or 0),
            kind or "planned",
            str(kinds.get(kind, kind)),
            unsure,
        )
        for slug, name, lat, lon, kind, unsure in rows
        if slug in slugs
    ]


def _prose(edition: Edition) -> dict[str, SafeString]:
    texts = {
        prose.part: prose.markdown_in().text
        for prose in EditionProse.objects.filter(edition=edition).order_by("part")
    }
    return {
        part: mark_safe(render_markdown(text))  # nh3 has sanitized it
        for part, text in texts.items()
        if text.strip()
    }


def gather_content(edition: Edition, snapshot: dict[str, Any]) -> EditionContent:
    """Return the edition's content from its verified snapshot and the one before.

    Raise SnapshotCorruptError when the previous edition's snapshot was tampered
    with: the comparison would be built on it.
    """
    destinations = list(
        Destination.objects.order_by("position", "slug").values_list("slug", "name")
    )
    names = dict(destinations)
    missions = stated_missions(snapshot, names)
    previous = previous_edition(edition)
    diff = (
        diff_snapshots(previous.verified_snapshot(), snapshot)
        if previous is not None
        else None
    )
    members = [
        Member(
            item["code"],
            item.get("name", ""),
            item.get("country") or "",
            item.get("joined") or "",
            bool(item.get("founding")),
        )
        for item in snapshot.get("agencies", [])
    ]
    meta = snapshot.get("edition", {})
    goals, loose = _goals(snapshot)
    analyses = run_analyses(edition.code, names)
    as_of = edition_date(edition)
    used = {mission.destination for mission in missions}
    return EditionContent(
        edition=edition,
        snapshot_sha256=edition.snapshot_sha256,
        title=meta.get("title") or edition.title,
        released=meta.get("released") or "",
        as_of=as_of,
        members=members,
        missions=missions,
        previous=previous,
        diff=diff,
        summary=summarize(
            len(members),
            missions,
            diff,
            previous.title if previous else None,
            [slug for slug, _name in destinations],
        ),
        goals=goals,
        unassigned_objectives=loose,
        analyses=analyses,
        prose=_prose(edition),
        membership=[
            CountPoint(
                count.counted_on, count.date_note or str(count.counted), count.count
            )
            for count in MembershipCount.objects.order_by("counted_on", "count")
        ],
        lanes=[name for slug, name in destinations if slug in used]
        + sorted({m.destination_name for m in missions if m.destination not in names}),
        sites=_sites(edition, {mission.slug for mission in missions}),
        chapters=chapters(),
        warnings=list(analyses.problems),
    )
