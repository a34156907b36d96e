"""The standing of a public source, and who published it.

Sources are ranked by who speaks: the agency itself, an official document (an
audit, an environmental statement, a paper), an established press outlet, an
encyclopedia, or anything else (a mirror, a repost, a blog), kept only because
the fact had no better stored source. Pages lead with the best and say so in
words when a fact rests on ``other`` sources alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceTier(models.TextChoices):
    AGENCY = "agency", _("agency")
    OFFICIAL_DOCUMENT = "official_document", _("official document")
    PRESS = "press", _("press")
    ENCYCLOPEDIA = "encyclopedia", _("encyclopedia")
    OTHER = "other", _("other source")


# Best first; a source without a tier ("not graded") ranks after every tier.
TIER_ORDER = [tier.value for tier in SourceTier]
CITABLE_TIERS = frozenset(
    {SourceTier.AGENCY, SourceTier.OFFICIAL_DOCUMENT, SourceTier.PRESS}
)


def tier_rank(tier: str) -> int:
    """Return the rank of ``tier``, 0 for the best; ungraded sources come last."""
    return TIER_ORDER.index(tier) if tier in TIER_ORDER else len(TIER_ORDER)


# Publishers of the hosts that stand for an organisation rather than their name.
KNOWN_PUBLISHERS = {
    "nasa.gov": "NASA",
    "esa.int": "ESA",
    "jaxa.jp": "JAXA",
    "isro.gov.in": "ISRO",
    "cnsa.gov.cn": "CNSA",
    "cmse.gov.cn": "CMSA",
    "roscosmos.ru": "Roscosmos",
    "asc-csa.gc.ca": "Canadian Space Agency",
    "dlr.de": "DLR",
    "cnes.fr": "CNES",
    "asi.it": "ASI",
    "kari.re.kr": "KARI",
    "kasa.go.kr": "KASA",
    "mbrsc.ae": "MBRSC",
    "space.gov.ae": "UAE Space Agency",
    "globalspaceexploration.org": "ISECG",
    "gao.gov": "U.S. Government Accountability Office",
    "oig.nasa.gov": "NASA Office of Inspector General",
    "reuters.com": "Reuters",
    "bbc.com": "BBC",
    "bbc.co.uk": "BBC",
    "spacenews.com": "SpaceNews",
    "spacepolicyonline.com": "SpacePolicyOnline",
    "space.com": "Space.com",
    "nature.com": "Nature",
    "science.org": "Science",
    "nytimes.com": "The New York Times",
    "theguardian.com": "The Guardian",
    "japantimes.co.jp": "The Japan Times",
    "tass.com": "TASS",
    "xinhuanet.com": "Xinhua",
    "arstechnica.com": "Ars Technica",
    "aviationweek.com": "Aviation Week",
    "wikipedia.org": "Wikipedia",
}


def publisher_from_url(url: str) -> str:
    """Return who published ``url``: a known organisation, else the site's name.

    Only used where a source names no publisher: the site is what is known.
    """
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    parts = host.split(".")
    for start in range(len(parts) - 1):
        name = ".".join(parts[start:])
        if name in KNOWN_PUBLISHERS:
            return KNOWN_PUBLISHERS[name]
    return host


@dataclass(frozen=True)
class CitedSource:
    url: str
    title: str
    publisher: str
    dated: str
    tier: str
    about: str = ""
    note: str = ""

    @property
    def tier_label(self) -> str:
        return str(SourceTier(self.tier).label) if self.tier in TIER_ORDER else ""

    @property
    def public(self) -> bool:
        """Whether readers see it: a source is cited by its title and standing."""
        return bool(self.title and self.tier in TIER_ORDER)


def cited(source: Any) -> CitedSource:
    """Return a source row (MissionSource) or JSON mapping as a CitedSource."""
    if isinstance(source, dict):
        get = source.get
        return CitedSource(
            url=get("url", ""),
            title=get("title", ""),
            publisher=get("publisher", "") or publisher_from_url(get("url", "")),
            dated=get("date", "") or get("dated", ""),
            tier=get("tier", ""),
            about=get("about", ""),
            note=get("note", ""),
        )
    return CitedSource(
        url=source.url,
        title=source.title,
        publisher=source.publisher or publisher_from_url(source.url),
        dated=source.dated,
        tier=source.tier,
        about=getattr(source, "about", ""),
        note=getattr(source, "note", ""),
    )


@dataclass(frozen=True)
class SourceList:
    """A fact's or a page's sources, ordered for readers: the best standing first.

    ``lead`` are the agency, official and press sources shown at once; ``more``
    the encyclopedia and other ones, folded; ``withheld`` those without a title or
    a standing, which only editors see until they are graded. ``weak_only`` says
    that no source of standing backs the facts.
    """

    lead: tuple[CitedSource, ...]
    more: tuple[CitedSource, ...]
    withheld: tuple[CitedSource, ...]

    @property
    def weak_only(self) -> bool:
        return not self.lead and bool(self.more)

    @property
    def best(self) -> CitedSource | None:
        """Return the public source of the best standing, if any."""
        return (self.lead or self.more or (None,))[0]

    def __bool__(self) -> bool:
        return bool(self.lead or self.more or self.withheld)


def ordered_sources(sources: Iterable[Any]) -> SourceList:
    """Order ``sources`` for readers (see SourceList), one entry per URL."""
    seen: dict[str, CitedSource] = {}
    for source in map(cited, sources):
        seen.setdefault(source.url or source.title, source)
    ranked = sorted(seen.values(), key=lambda s: tier_rank(s.tier))
    public = [s for s in ranked if s.public]
    return SourceList(
        lead=tuple(s for s in public if s.tier in CITABLE_TIERS),
        more=tuple(s for s in public if s.tier not in CITABLE_TIERS),
        withheld=tuple(s for s in ranked if not s.public),
    )
