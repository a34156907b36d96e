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
from ger.objectives.models import Goal as GoalRecord
from ger.objectives.models import Objective as ObjectiveRecord
from ger.plans.models import Destination, Mission
from ger.plans.names import translated_destination_names
from ger.publishing.build.analysis import Analyses, run_analyses
from ger.publishing.build.bibliography import Bibliography
from ger.publishing.build.chapters import Chapter, chapters
from ger.publishing.build.figures import LandingSite
from ger.publishing.build.missions import StatedMission, stated_missions
from ger.publishing.build.summary import Summary, summarize
from ger.registry.models import Agency, MembershipCount
from ger.translated_content import TranslatedString, translated_as_stated


@dataclass(frozen=True)
class Member:
    code: str
    name: TranslatedString
    country: TranslatedString
    joined: str
    founding: bool


@dataclass(frozen=True)
class Objective:
    code: str
    title: TranslatedString


@dataclass(frozen=True)
class Goal:
    code: str
    title: TranslatedString
    objectives: tuple[Objective, ...]


class StatedTexts:
    """Translates what a snapshot states through today's records' translations.

    A stated text is translated only while it is still the record's own English;
    otherwise it is shown in English, marked as such.
    """

    def __init__(self) -> None:
        self.agencies = {
            code: (name, country, translations)
            for code, name, country, translations in Agency.objects.values_list(
                "code", "name", "country", "translations"
            )
        }
        self.titles = {
            (kind, code): (title, translations)
            for kind, model in (("goal", GoalRecord), ("objective", ObjectiveRecord))
            for code, title, translations in model.objects.values_list(
                "code", "title", "translations"
            )
        }

    def agency(self, code: str, field: str, stated: str) -> TranslatedString:
        name, country, translations = self.agencies.get(code, ("", "", {}))
        current = name if field == "name" else country
        return TranslatedString(
            translated_as_stated(translations, field, stated, current)
        )

    def title(self, kind: str, code: str, stated: str) -> TranslatedString:
        current, translations = self.titles.get((kind, code), ("", {}))
        return TranslatedString(
            translated_as_stated(translations, "title", stated, current)
        )


@dataclass
class EditionContent:
    """The edition's content, ready for the templates of the PDF and the site."""

    edition: Edition
    snapshot_sha256: str
    title: TranslatedString
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
    bibliography: Bibliography = field(default_factory=Bibliography)
    warnings: list[str] = field(default_factory=list)
    # The agency names of the comparison, in the document's language, by code.
    agency_names: dict[str, TranslatedString] = field(default_factory=dict)

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


def _goals(
    snapshot: dict[str, Any], texts: StatedTexts
) -> tuple[list[Goal], list[Objective]]:
    objectives: dict[str | None, list[Objective]] = {}
    for item in snapshot.get("objectives", []):
        objectives.setdefault(item.get("goal"), []).append(
            Objective(
                item["code"],
                texts.title("objective", item["code"], item.get("title", "")),
            )
        )
    goals = [
        Goal(
            item["code"],
            texts.title("goal", item["code"], item.get("title", "")),
            tuple(objectives.get(item["code"], ())),
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
    destinations = _destinations(snapshot)
    names = dict(destinations)
    texts = StatedTexts()
    bibliography = Bibliography()
    missions = stated_missions(snapshot, names, bibliography)
    previous = previous_edition(edition)
    diff = (
        diff_snapshots(previous.verified_snapshot(), snapshot)
        if previous is not None
        else None
    )
    members = _members(snapshot, texts)
    meta = snapshot.get("edition", {})
    goals, loose = _goals(snapshot, texts)
    analyses = run_analyses(edition.code, names)
    as_of = edition_date(edition)
    used = {mission.destination for mission in missions}
    return EditionContent(
        edition=edition,
        snapshot_sha256=edition.snapshot_sha256,
        title=_title(edition, meta),
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
            str(previous.tr["title"]) if previous else None,
            [slug for slug, _name in destinations],
        ),
        goals=goals,
        unassigned_objectives=loose,
        analyses=analyses,
        prose=_prose(edition),
        membership=_membership(as_of),
        lanes=[name for slug, name in destinations if slug in used]
        + sorted({m.destination_name for m in missions if m.destination not in names}),
        sites=_sites(snapshot),
        chapters=chapters(),
        bibliography=bibliography,
        warnings=list(analyses.problems),
        agency_names=_agency_names(diff, texts),
    )


def _destinations(snapshot: dict[str, Any]) -> list[tuple[str, str]]:
    """Return (slug, name) of every destination, in the tree's order.

    The names the edition itself recorded win over today's (snapshot format 2), in
    the document's language while they are still the destinations' own.
    """
    destinations = list(
        Destination.objects.order_by("position", "slug").values_list("slug", "name")
    )
    stated = {d["slug"]: d["name"] for d in snapshot.get("destinations", [])}
    in_language = translated_destination_names(
        {slug: stated.get(slug, name) for slug, name in destinations}
    )
    return [(slug, str(in_language[slug])) for slug, _name in destinations]


def _members(snapshot: dict[str, Any], texts: StatedTexts) -> list[Member]:
    return [
        Member(
            item["code"],
            texts.agency(item["code"], "name", item.get("name", "")),
            texts.agency(item["code"], "country", item.get("country") or ""),
            item.get("joined") or "",
            bool(item.get("founding")),
        )
        for item in snapshot.get("agencies", [])
    ]


def _title(edition: Edition, meta: dict[str, Any]) -> TranslatedString:
    """Return the title the edition stated, in the document's language if translated."""
    return TranslatedString(
        translated_as_stated(
            edition.translations,
            "title",
            meta.get("title") or edition.title,
            edition.title,
        )
    )


def _membership(as_of: dt.date) -> list[CountPoint]:
    """Return the membership counts made by the edition's date."""
    return [
        CountPoint(count.counted_on, count.date_note or str(count.counted), count.count)
        for count in MembershipCount.objects.filter(counted_on__lte=as_of).order_by(
            "counted_on", "count"
        )
    ]


def _agency_names(
    diff: EditionDiff | None, texts: StatedTexts
) -> dict[str, TranslatedString]:
    """Return the names of the agencies that joined or left, in its language."""
    if diff is None:
        return {}
    return {
        change.key: texts.agency(change.key, "name", str(change.after or change.before))
        for change in [*diff.agencies_joined, *diff.agencies_left]
    }
