"""The document's bibliography: the agency, official and press sources it cites.

An edition's statements cite sources by address. The document cites them by
title, publisher and date, numbered, and leads with the sources of standing:
encyclopedias and other sources (mirrors, reposts, blogs) are not cited, and a
mission whose facts rest only on them is marked as such.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ger.plans.models import MissionSource
from ger.plans.sources import CitedSource, cited, ordered_sources


def source_catalogue(urls: Iterable[str]) -> dict[str, dict[str, str]]:
    """Return what GER knows of each address: title, publisher, date, standing."""
    wanted = {url for url in urls if url}
    catalogue: dict[str, dict[str, str]] = {}
    rows = MissionSource.objects.filter(url__in=wanted).values(
        "url", "title", "publisher", "dated", "tier"
    )
    for row in rows.order_by("url", "-tier"):
        entry = catalogue.setdefault(str(row["url"]), {"url": str(row["url"])})
        for name, value in row.items():
            key = "date" if name == "dated" else name
            entry[key] = entry.get(key) or str(value or "")
    return catalogue


def described(value: Any, catalogue: Mapping[str, Mapping[str, str]]) -> CitedSource:
    """Return a source as a statement records it, completed from the catalogue."""
    if isinstance(value, Mapping):
        own = {k: str(v) for k, v in value.items() if v}
    elif str(value).startswith(("http://", "https://")):
        own = {"url": str(value)}
    else:
        own = {"title": str(value)}
    known = catalogue.get(own.get("url", ""), {})
    return cited({**known, **own})


@dataclass
class Bibliography:
    """Numbered entries, in order of first citation."""

    entries: list[CitedSource] = field(default_factory=list)
    _numbers: dict[str, int] = field(default_factory=dict)

    def cite(self, sources: Iterable[CitedSource]) -> tuple[int, ...]:
        """Number the citable ``sources`` (adding new ones); return their numbers."""
        numbers = []
        for source in ordered_sources(sources).lead:
            key = source.url or source.title
            if key not in self._numbers:
                self.entries.append(source)
                self._numbers[key] = len(self.entries)
            numbers.append(self._numbers[key])
        return tuple(sorted(set(numbers)))
