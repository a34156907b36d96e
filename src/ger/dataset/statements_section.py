"""Readers of a mission's dated plan statements, events and other relations.

``statements`` are what was said of the plan on a day, outside any edition (an
agency release, an audit, a press report); ``events`` are what happened, dated;
``other_relations`` tie the mission to things GER does not hold as missions.
"""

from __future__ import annotations

from typing import Any

from ger.dataset.fields import Record
from ger.dataset.sections_common import date_fields


def _items(record: Record, key: str) -> list[tuple[int, Record]]:
    return [
        (line, Record(record.file, f"{record.label}.{key}", item, record.problems))
        for line, item in record.mapping_list(key)
    ]


def read_statements(record: Record) -> list[dict[str, Any]]:
    """Read ``statements``: [{known_since, launch, window_end, statement, …}]."""
    found = []
    for position, (line, sub) in enumerate(_items(record, "statements")):
        sub.check_known(
            {
                "known_since",
                "launch",
                "window_end",
                "statement",
                "nearest_edition",
                "note",
                "uncertain",
                "sources",
            }
        )
        known = sub.date("known_since")
        if not sub.has("known_since"):
            sub.report("known_since", "is required: the day the plan was stated")
        launch = sub.date("launch", allow_qualifier=True)
        window_end = sub.date("window_end")
        if window_end is not None and (launch is None or window_end.end < launch.start):
            sub.report("window_end", "needs a launch date before it")
        statement = sub.text("statement")
        if launch is None and not statement:
            sub.report("statement", "is required when no launch date is given")
        found.append(
            {
                "position": position,
                **date_fields("known", known),
                **date_fields("launch", launch, qualified=True),
                "window_end": window_end.end if window_end else None,
                "statement": statement,
                "nearest_edition": sub.text("nearest_edition", max_length=40),
                "note": sub.text("note"),
                "uncertain": sub.boolean("uncertain"),
                "sources": sub.sources(),
                "line": line,
            }
        )
    return found


def read_events(record: Record) -> list[dict[str, Any]]:
    """Read ``events``: [{date, what, note, sources}], in the order given."""
    found = []
    for position, (line, sub) in enumerate(_items(record, "events")):
        sub.check_known({"date", "what", "note", "sources"})
        when = sub.date("date")
        found.append(
            {
                "position": position,
                "on": when.start if when else None,
                "precision": str(when.precision) if when else "",
                "what": sub.text("what", required=True),
                "note": sub.text("note"),
                "sources": sub.sources(),
                "line": line,
            }
        )
    return found


def read_other_relations(record: Record) -> list[dict[str, Any]]:
    """Read ``other_relations``: [{kind, target, note, sources}]."""
    found = []
    for _line, sub in _items(record, "other_relations"):
        sub.check_known({"kind", "target", "note", "sources"})
        found.append(
            {
                "kind": sub.text("kind", required=True, max_length=80),
                "target": sub.text("target", required=True, max_length=200),
                "note": sub.text("note"),
                "sources": sub.sources(),
            }
        )
    return found


IN_EDITION = ("confirmed", "not_in_edition", "unverified")


def read_in_editions(record: Record) -> dict[str, str]:
    """Read ``in_editions``: {edition code: confirmed | not_in_edition | unverified}."""
    value = record.data.get("in_editions")
    if value is None:
        return {}
    if not isinstance(value, dict):
        record.report("in_editions", "must be a mapping from edition code to presence")
        return {}
    found = {}
    for code, presence in value.items():
        if presence not in IN_EDITION:
            record.report(
                f"in_editions.{code}",
                f"{presence!r} is not one of {', '.join(IN_EDITION)}",
            )
            continue
        found[str(code)] = str(presence)
    return found
