"""What changed between two editions: a pure function over two snapshots.

The snapshots are the plain dicts of ``build_snapshot`` / ``Edition.snapshot``, so the
web page, the ``diff`` command, the document builder and the API all share one answer.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ger.plandates import PlanDate, PlanDateError

CANCELLED = "cancelled"


@dataclass(frozen=True)
class MissionRef:
    slug: str
    name: str
    lead: str
    planned_launch: str | None
    status: str


@dataclass(frozen=True)
class Replan:
    slug: str
    name: str
    lead: str
    before: str | None
    after: str | None
    slip_months: int | None
    precision_changed: bool
    note: str


@dataclass(frozen=True)
class FieldChange:
    slug: str
    name: str
    lead: str
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class RecordChange:
    key: str
    before: Any
    after: Any


@dataclass
class AgencySummary:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    replanned: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(getattr(self, f.name)) for f in dataclasses.fields(self))


@dataclass
class EditionDiff:
    old: dict[str, Any]
    new: dict[str, Any]
    added: list[MissionRef] = field(default_factory=list)
    removed: list[MissionRef] = field(default_factory=list)
    cancelled: list[MissionRef] = field(default_factory=list)
    replanned: list[Replan] = field(default_factory=list)
    changed: list[FieldChange] = field(default_factory=list)
    agencies_joined: list[RecordChange] = field(default_factory=list)
    agencies_left: list[RecordChange] = field(default_factory=list)
    goals: list[RecordChange] = field(default_factory=list)
    objectives: list[RecordChange] = field(default_factory=list)
    dependencies_added: list[str] = field(default_factory=list)
    dependencies_removed: list[str] = field(default_factory=list)
    by_agency: dict[str, AgencySummary] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.added,
                self.removed,
                self.cancelled,
                self.replanned,
                self.changed,
                self.agencies_joined,
                self.agencies_left,
                self.goals,
                self.objectives,
                self.dependencies_added,
                self.dependencies_removed,
            )
        )

    def as_dict(self) -> dict[str, Any]:
        """Return the diff as JSON-ready data."""
        data = dataclasses.asdict(self)
        data["by_agency"] = {
            code: dataclasses.asdict(summary)
            for code, summary in self.by_agency.items()
        }
        return data


# Mission fields compared one by one (the plan date and status have their own rules).
COMPARED_FIELDS = ("name", "lead", "destination", "crewed", "kind", "partners")


def months_between(before: PlanDate, after: PlanDate) -> int:
    """Return the months from the start of one period to the start of another."""
    return (after.start.year - before.start.year) * 12 + (
        after.start.month - before.start.month
    )


def _parse(text: str | None) -> PlanDate | None:
    if not text:
        return None
    try:
        return PlanDate.parse(text)
    except PlanDateError:
        return None


def replan_of(before: str | None, after: str | None) -> tuple[int | None, bool, str]:
    """Return (slip in months, whether precision changed, a note) for a re-plan."""
    old, new = _parse(before), _parse(after)
    if old is None and new is None:
        return None, False, _("no planned date")
    if old is None:
        return None, False, _("planned date set")
    if new is None:
        return None, False, _("planned date dropped")
    slip = months_between(old, new)
    notes = []
    precision_changed = old.precision != new.precision
    if precision_changed:
        notes.append(
            _(
                "precision changed from %(old)s to %(new)s: the slip compares the "
                "starts of the periods"
            )
            % {"old": old.precision.label, "new": new.precision.label}
        )
    if old.qualifier != new.qualifier:
        notes.append(
            _("qualifier changed from %(old)s to %(new)s")
            % {"old": old.qualifier.label, "new": new.qualifier.label}
        )
    return slip, precision_changed, "; ".join(notes)


def _ref(mission: dict[str, Any]) -> MissionRef:
    return MissionRef(
        slug=mission["slug"],
        name=mission.get("name", mission["slug"]),
        lead=mission.get("lead", ""),
        planned_launch=mission.get("planned_launch"),
        status=mission.get("status", ""),
    )


def _partners(mission: dict[str, Any]) -> dict[str, str]:
    return {p["agency"]: p.get("role", "") for p in mission.get("partners", [])}


def _compare_mission(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    changes = []
    ref = _ref(new)
    for name in COMPARED_FIELDS + (("objectives",) if "objectives" in new else ()):
        before, after = old.get(name), new.get(name)
        if name == "partners":
            before, after = _partners(old), _partners(new)
        elif name == "objectives":
            before, after = sorted(before or []), sorted(after or [])
        if before != after:
            changes.append(
                FieldChange(ref.slug, ref.name, ref.lead, name, before, after)
            )
    status_before, status_after = old.get("status"), new.get("status")
    if status_before != status_after and status_after != CANCELLED:
        changes.append(
            FieldChange(
                ref.slug, ref.name, ref.lead, "status", status_before, status_after
            )
        )
    return changes


def _records(
    old: list[dict[str, Any]], new: list[dict[str, Any]], value: str
) -> list[RecordChange]:
    before = {row["code"]: row.get(value) for row in old}
    after = {row["code"]: row.get(value) for row in new}
    return [
        RecordChange(code, before.get(code), after.get(code))
        for code in sorted(set(before) | set(after))
        if before.get(code) != after.get(code) or (code in before) != (code in after)
    ]


def _dependencies(snapshot: dict[str, Any]) -> set[str]:
    return {
        f"{d['from']} → {d['to']} ({d['kind']})"
        for d in snapshot.get("dependencies", [])
    }


def diff_snapshots(old: dict[str, Any], new: dict[str, Any]) -> EditionDiff:
    """Return what changed from the ``old`` snapshot to the ``new`` one."""
    result = EditionDiff(old=old.get("edition", {}), new=new.get("edition", {}))
    before = {m["slug"]: m for m in old.get("missions", [])}
    after = {m["slug"]: m for m in new.get("missions", [])}
    summaries: dict[str, AgencySummary] = defaultdict(AgencySummary)
    for slug in sorted(set(after) - set(before)):
        ref = _ref(after[slug])
        result.added.append(ref)
        summaries[ref.lead].added.append(ref.name)
    for slug in sorted(set(before) - set(after)):
        ref = _ref(before[slug])
        result.removed.append(ref)
        summaries[ref.lead].removed.append(ref.name)
    for slug in sorted(set(before) & set(after)):
        was, now = before[slug], after[slug]
        ref = _ref(now)
        if now.get("status") == CANCELLED and was.get("status") != CANCELLED:
            result.cancelled.append(ref)
            summaries[ref.lead].cancelled.append(ref.name)
        if was.get("planned_launch") != now.get("planned_launch"):
            slip, precision_changed, note = replan_of(
                was.get("planned_launch"), now.get("planned_launch")
            )
            replan = Replan(
                slug,
                ref.name,
                ref.lead,
                was.get("planned_launch"),
                now.get("planned_launch"),
                slip,
                precision_changed,
                note,
            )
            result.replanned.append(replan)
            summaries[ref.lead].replanned.append(_replan_line(replan))
        for change in _compare_mission(was, now):
            result.changed.append(change)
            summaries[ref.lead].changed.append(f"{ref.name}: {change.field}")
    agencies = _records(old.get("agencies", []), new.get("agencies", []), "name")
    result.agencies_joined = [a for a in agencies if a.before is None]
    result.agencies_left = [a for a in agencies if a.after is None]
    result.goals = _records(old.get("goals", []), new.get("goals", []), "title")
    result.objectives = _records(
        old.get("objectives", []), new.get("objectives", []), "title"
    )
    old_links, new_links = _dependencies(old), _dependencies(new)
    result.dependencies_added = sorted(new_links - old_links)
    result.dependencies_removed = sorted(old_links - new_links)
    result.by_agency = dict(sorted(summaries.items()))
    return result


def _replan_line(replan: Replan) -> str:
    dates = f"{replan.before or '—'} → {replan.after or '—'}"
    if replan.slip_months is None:
        return f"{replan.name}: {dates}"
    sign = "+" if replan.slip_months > 0 else ""
    months = _("%(count)s months") % {"count": f"{sign}{replan.slip_months}"}
    return f"{replan.name}: {dates} ({months})"


def render_text(diff: EditionDiff) -> str:
    """Return the diff as plain text for the terminal."""
    old, new = diff.old.get("code", "?"), diff.new.get("code", "?")
    lines = [f"Changes from {old} to {new}", ""]

    def section(title: str, items: list[str]) -> None:
        if items:
            lines.append(f"{title} ({len(items)})")
            lines.extend(f"  {item}" for item in items)
            lines.append("")

    def mission(ref: MissionRef) -> str:
        return f"{ref.name} [{ref.lead}] {ref.planned_launch or ''}".rstrip()

    section("Missions added", [mission(ref) for ref in diff.added])
    section("Missions removed", [mission(ref) for ref in diff.removed])
    section("Missions cancelled", [mission(ref) for ref in diff.cancelled])
    section(
        "Missions re-planned",
        [
            f"{_replan_line(r)} [{r.lead}]" + (f" — {r.note}" if r.note else "")
            for r in diff.replanned
        ],
    )
    section(
        "Other mission changes",
        [
            f"{c.name} [{c.lead}] {c.field}: {c.before} → {c.after}"
            for c in diff.changed
        ],
    )
    section("Agencies joined", [f"{a.key} {a.after}" for a in diff.agencies_joined])
    section("Agencies left", [f"{a.key} {a.before}" for a in diff.agencies_left])
    section("Goals", [f"{g.key}: {g.before} → {g.after}" for g in diff.goals])
    section("Objectives", [f"{o.key}: {o.before} → {o.after}" for o in diff.objectives])
    section("Dependencies added", diff.dependencies_added)
    section("Dependencies removed", diff.dependencies_removed)
    lines.append("Major updates in exploration plans, by agency")
    for code, summary in diff.by_agency.items():
        parts = [
            f"{len(items)} {name}: " + "; ".join(items)
            for name, items in dataclasses.asdict(summary).items()
            if items
        ]
        lines.append(f"  {code}: " + " | ".join(parts))
    if diff.is_empty:
        lines.append("  no change")
    return "\n".join(lines) + "\n"
