"""Everything the document says about an edition, gathered once for the PDF and site.

The missions (each as the edition stated it), sites, members, goals and the
comparison come from the edition's verified snapshot (and the previous edition's),
so the document is frozen with the edition. Membership counts are dated reference
records: only those counted by the edition's date are shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from ger.charts.membership import CountPoint
from ger.editions.diff import EditionDiff, diff_snapshots
from ger.editions.models import Edition, EditionProse
from ger.exports.landing_sites import snapshot_site_features
from ger.markdown import render_markdown
from ger.plans.models import Destination, Mission
from ger.publishing.build.analysis import Analyses, run_analyses
from ger.publishing.build.chapters import Chapter, chapters
from ger.publishing.build.figures import LandingSite
from ger.publishing.build.missions import StatedMission, stated_missions
from ger.publishing.build.summary import Summary, summarize
from ger.registry.models import MembershipCount


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
        return self.edition.moment()


def edition_date(edition: Edition) -> dt.date:
    """Return the date the edition speaks as of: the end of its release period."""
    released = edition.released
    if released is not None:
        return released.end
    if edition.published_at is not None:
        return edition.published_at.date()
    return dt.date(1970, 1, 1)


def previous_edition(edition: Edition) -> Edition | None:
    """Return the edition this one is compared with: the latest before it.

    Chosen among the issues published by the time this one was, so that what
    happens later (a re-issue of an older edition) never changes its document.
    """
    if edition.released_on is None:
        return None
    published_by = edition.published_at
    earlier = (
        Edition.objects.published()
        .filter(released_on__lt=edition.released_on)
        .exclude(pk=edition.pk)
        .order_by("-released_on", "-code")
    )
    if published_by is not None:
        earlier = earlier.filter(published_at__lte=published_by).exclude(
            superseded_by__published_at__lte=published_by
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


def _sites(snapshot: dict[str, Any]) -> list[LandingSite]:
    """Return the lunar-surface sites the edition states (its statements alone)."""
    kinds = dict(Mission.SiteKind.choices)
    sites = []
    for feature in snapshot_site_features(snapshot):
        lon, lat = feature["geometry"]["coordinates"]
        kind = feature["properties"]["site_kind"] or "planned"
        sites.append(
            LandingSite(
                feature["id"],
                feature["properties"]["name"],
                float(lat),
                float(lon),
                kind,
                str(kinds.get(kind, kind)),
                False,
            )
        )
    return sites


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
    # The names the edition itself recorded win over today's (snapshot format 2).
    stated = {d["slug"]: d["name"] for d in snapshot.get("destinations", [])}
    destinations = [(slug, stated.get(slug, name)) for slug, name in destinations]
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
            for count in MembershipCount.objects.filter(counted_on__lte=as_of).order_by(
                "counted_on", "count"
            )
        ],
        lanes=[name for slug, name in destinations if slug in used]
        + sorted({m.destination_name for m in missions if m.destination not in names}),
        sites=_sites(snapshot),
        chapters=chapters(),
        warnings=list(analyses.problems),
    )
