"""An edition's missions as it stated them, read from its snapshot, ready to show."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from ger.editions.snapshot_dates import parse_snapshot_date
from ger.exports.wording import date_phrase
from ger.plandates import PlanDate, Qualifier
from ger.plans.models import Mission
from ger.plans.sources import SourceList, cited, ordered_sources
from ger.publishing.build.bibliography import (
    Bibliography,
    described,
    source_catalogue,
)


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: an address, a title, and the site it is on."""

    url: str
    title: str
    publisher: str = ""
    dated: str = ""
    tier: str = ""

    @property
    def host(self) -> str:
        """Return the source's site name, or its title when it has no address."""
        if not self.url:
            return self.title
        return urlsplit(self.url).netloc.removeprefix("www.") or self.url

    @property
    def label(self) -> str:
        return self.title or self.url


@dataclass(frozen=True)
class Partner:
    agency: str
    role: str


@dataclass(frozen=True)
class StatedMission:
    """One mission as the edition stated it, with its labels for display."""

    slug: str
    name: str
    lead: str
    partners: tuple[Partner, ...]
    destination: str
    destination_name: str
    crewed: bool
    kind: str
    kind_label: str
    planned: PlanDate | None
    statement: str
    status: str
    status_label: str
    in_edition: str
    basis: str
    note: str
    uncertain: bool
    sources: tuple[Source, ...]
    # Facts the edition's record leaves unsaid (not the same as "none").
    not_recorded: tuple[str, ...] = ()
    # Numbers of the bibliography entries (agency, official, press) it cites.
    references: tuple[int, ...] = ()

    @property
    def cited(self) -> SourceList:
        """Return the sources ordered by standing, as readers see them."""
        return ordered_sources(self.sources)

    @property
    def weak_only(self) -> bool:
        """Whether no agency, official or press source backs the statement."""
        return not self.references

    def records(self, fact: str) -> bool:
        """Return whether the edition's record states ``fact``."""
        return fact not in self.not_recorded

    @property
    def crewed_label(self) -> str:
        if not self.records("crewed"):
            return _("not recorded")
        return _("crewed") if self.crewed else _("robotic")

    @property
    def planned_text(self) -> str:
        return str(self.planned) if self.planned else "—"

    @property
    def planned_phrase(self) -> str:
        """Return the planned launch in words, precision and qualifier spelled out."""
        return date_phrase(self.planned) if self.planned else _("no date stated")

    @property
    def no_earlier_than(self) -> bool:
        return (
            self.planned is not None
            and self.planned.qualifier == Qualifier.NO_EARLIER_THAN
        )

    @property
    def partner_codes(self) -> str:
        return ", ".join(partner.agency for partner in self.partners)

    @property
    def confirmed(self) -> bool:
        return self.in_edition == "confirmed"


def _sources(
    values: Iterable[Any], catalogue: Mapping[str, Mapping[str, str]]
) -> tuple[Source, ...]:
    found = []
    for value in values:
        # Edition plans keep sources as records or addresses; the catalogue
        # says what GER knows of each address (title, publisher, standing).
        if not value:
            continue
        source = described(value, catalogue)
        found.append(
            Source(
                source.url, source.title, source.publisher, source.dated, source.tier
            )
        )
    return tuple(found)


def _addresses(snapshot: Mapping[str, Any]) -> set[str]:
    found = set()
    for item in snapshot.get("missions", []):
        for value in item.get("sources") or []:
            url = value.get("url") if isinstance(value, Mapping) else str(value)
            if url:
                found.add(str(url))
    return found


def stated_missions(
    snapshot: Mapping[str, Any],
    destination_names: Mapping[str, str],
    bibliography: Bibliography | None = None,
) -> list[StatedMission]:
    """Return the snapshot's missions, in its order (by slug).

    With ``bibliography``, each mission's citable sources are numbered in it.
    """
    catalogue = source_catalogue(_addresses(snapshot))
    kinds = dict(Mission.Kind.choices)
    statuses = dict(Mission.Status.choices)
    missions = []
    for item in snapshot.get("missions", []):
        status = item.get("status") or ""
        kind = item.get("kind") or ""
        missions.append(
            StatedMission(
                slug=item["slug"],
                name=item.get("name") or item["slug"],
                lead=item.get("lead") or "",
                partners=tuple(
                    Partner(p["agency"], p.get("role") or "")
                    for p in item.get("partners") or []
                ),
                destination=item.get("destination") or "",
                destination_name=destination_names.get(
                    item.get("destination") or "",
                    item.get("destination") or _("not recorded"),
                ),
                crewed=bool(item.get("crewed")),
                kind=kind,
                kind_label=str(kinds.get(kind, kind)) if kind else _("not recorded"),
                planned=parse_snapshot_date(item.get("planned_launch")),
                statement=item.get("statement") or "",
                status=status,
                status_label=str(statuses.get(status, status or "—")),
                in_edition=item.get("in_edition") or "",
                basis=item.get("basis") or "",
                note=item.get("note") or "",
                uncertain=bool(item.get("uncertain")),
                sources=_sources(item.get("sources") or [], catalogue),
                not_recorded=tuple(item.get("not_recorded") or ()),
            )
        )
    if bibliography is not None:
        missions = [
            replace(
                mission,
                references=bibliography.cite(map(cited, mission.sources)),
            )
            for mission in missions
        ]
    return missions
