"""Readers of single fields of a record, each reporting problems with file and line."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ger.dataset.located import LocatedDict, LocatedList
from ger.plandates import PlanDate, PlanDateError
from ger.plans.sources import TIER_ORDER

URL_PATTERN = re.compile(r"^https?://[^\s]+$")
# No text field is longer than the API's longest (a mission's description), unless
# the field has a smaller limit of its own.
TEXT_LIMIT = 20000


SOURCE_FIELDS = ("url", "title", "publisher", "date", "tier", "about", "note")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in an input file, named by file, line and field."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


@dataclass
class Record:
    """A mapping of one input record, read field by field with problems collected."""

    file: str
    label: str
    data: LocatedDict
    problems: list[Problem] = field(default_factory=list)

    def line(self, key: str | None = None) -> int:
        return self.data.line if key is None else self.data.line_of(key)

    def report(self, key: str, message: str, line: int | None = None) -> None:
        self.problems.append(
            Problem(self.file, line or self.line(key), f"{self.label}.{key}", message)
        )

    def check_known(self, allowed: set[str]) -> None:
        for key in self.data:
            if key not in allowed:
                self.report(
                    key, f"unknown field; expected one of {', '.join(sorted(allowed))}"
                )

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def text(
        self, key: str, required: bool = False, max_length: int | None = None
    ) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.report(key, "is required")
            return ""
        if isinstance(value, (dict, list)):
            self.report(key, "must be text")
            return ""
        text = str(value).strip()
        if required and not text:
            self.report(key, "must not be empty")
        if max_length is None:
            max_length = TEXT_LIMIT
        if len(text) > max_length:
            self.report(key, f"is longer than {max_length} characters")
            return text[:max_length]
        return text

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
            return value.strip().lower() == "true"
        self.report(key, f"{value!r} is not true or false")
        return default

    def integer(
        self, key: str, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            number = int(value) if not isinstance(value, (bool, float)) else None
        except (TypeError, ValueError):  # a list or a mapping is no number either
            number = None
        if number is None:
            self.report(key, f"{value!r} is not a whole number")
            return None
        if (minimum is not None and number < minimum) or (
            maximum is not None and number > maximum
        ):
            self.report(key, f"{number} is outside {minimum}..{maximum}")
            return None
        return number

    def number(self, key: str, minimum: float, maximum: float) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            number = float(value) if not isinstance(value, bool) else math.nan
        except (TypeError, ValueError):
            number = math.nan
        if math.isnan(number) or math.isinf(number):
            self.report(key, f"{value!r} is not a number")
            return None
        if not minimum <= number <= maximum:
            self.report(key, f"{number} is outside {minimum:g}..{maximum:g}")
            return None
        return number

    def choice(self, key: str, choices: list[str], default: str | None = None) -> str:
        value = self.data.get(key)
        if value is None:
            if default is None:
                self.report(key, f"is required; one of {', '.join(choices)}")
                return ""
            return default
        text = str(value).strip()
        if text not in choices:
            self.report(key, f"{text!r} is not one of {', '.join(choices)}")
            return default or ""
        return text

    def date(self, key: str, allow_qualifier: bool = False) -> PlanDate | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            return PlanDate.parse(str(value), allow_qualifier=allow_qualifier)
        except PlanDateError as error:
            self.report(key, str(error))
            return None

    def list_value(self, key: str) -> list[Any]:
        """Return a list field as it was read (empty when absent or not a list)."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.report(key, "must be a list")
            return []
        return value

    def text_list(self, key: str) -> list[str]:
        value = self.list_value(key)
        items = []
        for index, item in enumerate(value):
            if isinstance(item, (dict, list)) or item is None:
                self.report(
                    key, f"item {index + 1} must be text", self._item_line(value, index)
                )
                continue
            items.append(str(item).strip())
        return items

    def mapping_list(self, key: str) -> list[tuple[int, LocatedDict]]:
        """Return the (line, mapping) items of a list field; report non-mappings."""
        value = self.list_value(key)
        items = []
        for index, item in enumerate(value):
            line = self._item_line(value, index)
            if isinstance(item, LocatedDict):
                items.append((line, item))
            else:
                self.report(key, f"item {index + 1} must be a mapping", line)
        return items

    def sources(self, key: str = "sources") -> list[dict[str, str]]:
        """Return the sources as ``{url, title, publisher, date, tier, about, note}``.

        ``tier`` is the source's standing (agency, official_document, press,
        encyclopedia, other; blank: not graded); ``note`` is for editors.
        """
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            value = [value]
        found: list[dict[str, str]] = []
        for index, item in enumerate(value):
            line = self._item_line(value, index)
            if isinstance(item, str):
                entry = dict.fromkeys(SOURCE_FIELDS, "") | {"url": item.strip()}
            elif isinstance(item, LocatedDict):
                unknown = set(item) - set(SOURCE_FIELDS)
                if unknown:
                    self.report(
                        key, f"unknown source field {sorted(unknown)[0]!r}", line
                    )
                entry = {
                    name: "" if item.get(name) is None else str(item[name]).strip()
                    for name in SOURCE_FIELDS
                }
                if entry["tier"] and entry["tier"] not in TIER_ORDER:
                    self.report(
                        key,
                        f"source {index + 1}: tier {entry['tier']!r} is not one of "
                        + ", ".join(TIER_ORDER),
                        line,
                    )
                    continue
            else:
                self.report(key, f"source {index + 1} must be a URL or a mapping", line)
                continue
            if entry["url"] and not URL_PATTERN.match(entry["url"]):
                self.report(key, f"{entry['url']!r} is not an http(s) URL", line)
                continue
            if not entry["url"] and not entry["title"]:
                self.report(key, f"source {index + 1} needs a url or a title", line)
                continue
            found.append(entry)
        return found

    @staticmethod
    def _item_line(value: list[Any], index: int) -> int:
        return value.line_of(index) if isinstance(value, LocatedList) else 0
