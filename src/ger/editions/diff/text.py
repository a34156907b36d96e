"""A diff between two editions as plain text for the terminal."""

from __future__ import annotations

import dataclasses

from django.utils.translation import gettext as _

from ger.editions.diff.results import EditionDiff, Evidence, MissionRef
from ger.editions.diff.windows import replan_line


def _evidence_line(evidence: tuple[Evidence, ...]) -> str:
    parts = []
    for item in evidence:
        known = item.known_since or _("undated")
        sources = "; ".join(item.sources[:2]) or _("no source")
        parts.append(f"{item.edition}: {item.basis_label}, {known} — {sources}")
    return " | ".join(parts)


def render_text(diff: EditionDiff, evidence: bool = False) -> str:
    """Return the diff as plain text for the terminal."""
    old, new = diff.old.get("code", "?"), diff.new.get("code", "?")
    lines = [
        f"Changes from {diff.old.get('title') or old} ({old}) "
        f"to {diff.new.get('title') or new} ({new})",
        "",
    ]
    for title, items in _change_sections(diff, evidence):
        _add_section(lines, title, items)
    lines.extend(_agency_summary(diff))
    _add_section(
        lines,
        "Not recorded in both editions (not a change: one record says nothing of them)",
        [
            f"{row.name} [{row.lead}]: in {row.recorded_in}'s record only"
            for row in diff.not_recorded
        ],
    )
    if not diff.dependencies_compared:
        lines.append(
            "Dependencies are not compared: at least one edition does not record them."
        )
    return "\n".join(lines).rstrip("\n") + "\n"


def _add_section(lines: list[str], title: str, items: list[str]) -> None:
    """Add a titled, counted section of items to ``lines``, unless it is empty."""
    if items:
        lines.append(f"{title} ({len(items)})")
        lines.extend(f"  {item}" for item in items)
        lines.append("")


def _mission_line(ref: MissionRef) -> str:
    return f"{ref.name} [{ref.lead}] {ref.planned_launch or ''}".rstrip()


def _change_sections(diff: EditionDiff, evidence: bool) -> list[tuple[str, list[str]]]:
    """Return the sections of what changed, each a title and its lines."""

    def backed(text: str, items: tuple[Evidence, ...]) -> str:
        return f"{text}\n      ↳ {_evidence_line(items)}" if evidence else text

    return [
        ("Missions added", [_mission_line(ref) for ref in diff.added]),
        ("Missions removed", [_mission_line(ref) for ref in diff.removed]),
        ("Missions cancelled", [_mission_line(ref) for ref in diff.cancelled]),
        (
            "Missions re-planned",
            [
                backed(
                    f"{replan_line(r)} [{r.lead}]" + (f" — {r.note}" if r.note else ""),
                    r.evidence,
                )
                for r in diff.replanned
            ],
        ),
        (
            "Other mission changes",
            [
                backed(
                    f"{c.name} [{c.lead}] {c.label}: {c.before} → {c.after}",
                    c.evidence,
                )
                for c in diff.changed
            ],
        ),
        ("Agencies joined", [f"{a.key} {a.after}" for a in diff.agencies_joined]),
        ("Agencies left", [f"{a.key} {a.before}" for a in diff.agencies_left]),
        ("Goals", [f"{g.key}: {g.before} → {g.after}" for g in diff.goals]),
        ("Objectives", [f"{o.key}: {o.before} → {o.after}" for o in diff.objectives]),
        ("Dependencies added", diff.dependencies_added),
        ("Dependencies removed", diff.dependencies_removed),
    ]


def _agency_summary(diff: EditionDiff) -> list[str]:
    """Return the lines of the major updates by agency ("no change" when none)."""
    lines = ["Major updates in exploration plans, by agency"]
    for code, summary in diff.by_agency.items():
        parts = [
            f"{len(items)} {name}: " + "; ".join(items)
            for name, items in dataclasses.asdict(summary).items()
            if items
        ]
        lines.append(f"  {code}: " + " | ".join(parts))
    if diff.is_empty:
        lines.append("  no change")
    lines.append("")
    return lines
