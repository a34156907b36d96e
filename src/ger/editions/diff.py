"""What changed between two editions: a pure function over two snapshots.

The snapshots are the plain dicts of ``build_snapshot`` / ``Edition.snapshot``, so the
web page, the ``diff`` command, the document builder and the API all share one answer.

A diff says only what the two records support. A mission that one record does not
hold is *not recorded* there, not added or removed, unless the record of its lead
agency is marked complete (``complete_for``) or the later edition states the drop.
Plans compare as windows: a slip is a later earliest date; a narrower window or a
finer precision is "window narrowed", with no months of slip.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ger.plandates import PlanDate, PlanDateError, Qualifier

CANCELLED = "cancelled"
DROPPED = "dropped"
BASIS_WORDS = {
    "quoted": gettext_lazy("stated in the edition"),
    "reconstructed": gettext_lazy("reconstructed from public reporting"),
}

# The facts compared one by one (the plan date and status have their own rules),
# with the words a reader sees for them.
FIELD_LABELS = {
    "name": gettext_lazy("name"),
    "lead": gettext_lazy("lead agency"),
    "destination": gettext_lazy("destination"),
    "crewed": gettext_lazy("crewed"),
    "kind": gettext_lazy("kind"),
    "partners": gettext_lazy("partners"),
    "objectives": gettext_lazy("objectives served"),
    "site": gettext_lazy("landing site"),
    "status": gettext_lazy("status"),
}
COMPARED_FIELDS = ("name", "lead", "destination", "crewed", "kind", "partners")


@dataclass(frozen=True)
class Evidence:
    """The statement behind one side of a row: its basis, date and sources."""

    edition: str
    basis: str
    known_since: str | None
    sources: tuple[str, ...]

    @property
    def basis_label(self) -> str:
        """Return the basis as readers say it."""
        return str(BASIS_WORDS.get(self.basis, self.basis))


@dataclass(frozen=True)
class MissionRef:
    slug: str
    name: str
    lead: str
    planned_launch: str | None
    status: str
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Replan:
    slug: str
    name: str
    lead: str
    before: str | None
    after: str | None
    change: str
    slip_months: int | None
    note: str
    evidence: tuple[Evidence, ...] = ()

    @property
    def change_label(self) -> str:
        return str(CHANGE_WORDS.get(self.change, self.change))

    @property
    def precision_changed(self) -> bool:
        old, new = _parse(self.before), _parse(self.after)
        return bool(old and new and old.precision != new.precision)


@dataclass(frozen=True)
class FieldChange:
    slug: str
    name: str
    lead: str
    field: str
    label: str
    before: Any
    after: Any
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class NotRecorded:
    """A mission one record holds and the other says nothing about."""

    slug: str
    name: str
    lead: str
    recorded_in: str  # the code of the edition whose record holds it
    missing_from: str
    evidence: Evidence | None = None


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
    not_recorded: list[NotRecorded] = field(default_factory=list)
    agencies_joined: list[RecordChange] = field(default_factory=list)
    agencies_left: list[RecordChange] = field(default_factory=list)
    goals: list[RecordChange] = field(default_factory=list)
    objectives: list[RecordChange] = field(default_factory=list)
    dependencies_added: list[str] = field(default_factory=list)
    dependencies_removed: list[str] = field(default_factory=list)
    dependencies_compared: bool = True
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
        for row in data["changed"]:
            row["label"] = str(row["label"])
        return data


def months_between(before: PlanDate, after: PlanDate) -> int:
    """Return the months from the start of one period to the start of another."""
    return (after.start.year - before.start.year) * 12 + (
        after.start.month - before.start.month
    )


def _months(before: dt.date, after: dt.date) -> int:
    return (after.year - before.year) * 12 + (after.month - before.month)


def _parse(text: str | None) -> PlanDate | None:
    if not text:
        return None
    try:
        return PlanDate.parse(text)
    except PlanDateError:
        return None


Window = tuple[dt.date | None, dt.date | None]


def window_of(date: PlanDate) -> Window:
    """Return the (earliest, latest) days a plan date allows; None is unbounded."""
    if date.qualifier == Qualifier.NO_EARLIER_THAN:
        return date.start, None
    if date.qualifier == Qualifier.NO_LATER_THAN:
        return None, date.end
    return date.start, date.end


def _within(inner: Window, outer: Window) -> bool:
    low_ok = outer[0] is None or (inner[0] is not None and inner[0] >= outer[0])
    high_ok = outer[1] is None or (inner[1] is not None and inner[1] <= outer[1])
    return low_ok and high_ok


def replan_of(before: str | None, after: str | None) -> tuple[str, int | None, str]:
    """Return (kind of change, months of slip or None, a note) between two plans.

    The kinds: ``slip`` (a later earliest date), ``earlier``, ``narrowed`` (the new
    window lies within the old, bounded one: a finer precision, a bound made exact),
    ``widened``, ``first_recorded`` and ``not_recorded`` (one record states no
    date), ``unchanged``.
    """
    old, new = _parse(before), _parse(after)
    if old is None and new is None:
        return "unchanged", None, ""
    if old is None:
        return "first_recorded", None, _("no planned date in the earlier record")
    if new is None:
        return "not_recorded", None, _("no planned date in the later record")
    old_window, new_window = window_of(old), window_of(new)
    if old_window == new_window:
        return "unchanged", None, ""
    # Within a bounded window, a later or finer date narrows it; a no-earlier-than
    # date moved later is a slip, as the plan's earliest date is what it states.
    if old_window[1] is not None and _within(new_window, old_window):
        return (
            "narrowed",
            None,
            _("window narrowed from %(old)s to %(new)s, within the earlier one")
            % {"old": before, "new": after},
        )
    if _within(old_window, new_window):
        return (
            "widened",
            None,
            _("window widened from %(old)s to %(new)s") % {"old": before, "new": after},
        )
    # The windows differ and neither holds the other: compare the earliest dates
    # (or, for two no-later-than bounds, the latest ones).
    if old_window[0] is not None and new_window[0] is not None:
        months = _months(old_window[0], new_window[0])
    else:
        months = _months(old_window[1] or old.end, new_window[1] or new.end)
    kind = "slip" if months > 0 else "earlier"
    return kind, months, ""


def _evidence(snapshot: dict[str, Any], mission: dict[str, Any]) -> Evidence:
    sources = []
    for source in mission.get("sources") or []:
        if isinstance(source, dict):
            sources.append(source.get("title") or source.get("url") or "")
        else:
            sources.append(str(source))
    return Evidence(
        edition=(snapshot.get("edition") or {}).get("code", ""),
        basis=mission.get("basis") or "",
        known_since=mission.get("known_since") or mission.get("source_date") or None,
        sources=tuple(s for s in sources if s),
    )


def _ref(snapshot: dict[str, Any], mission: dict[str, Any]) -> MissionRef:
    return MissionRef(
        slug=mission["slug"],
        name=mission.get("name") or mission["slug"],
        lead=mission.get("lead") or "",
        planned_launch=mission.get("planned_launch"),
        status=mission.get("status") or "",
        evidence=_evidence(snapshot, mission),
    )


def _recorded(mission: dict[str, Any], name: str) -> bool:
    """Return whether a statement records a fact (first-issue snapshots record all)."""
    if name in (mission.get("not_recorded") or ()):
        return False
    return mission.get(name) not in (None, "")


def _partners(mission: dict[str, Any]) -> list[str]:
    return sorted(p["agency"] for p in mission.get("partners") or [])


class _Names:
    """Human names for the codes a snapshot holds (destinations, kinds, statuses)."""

    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        from ger.plans.models import Mission

        self.destinations = {
            item["slug"]: item["name"]
            for snapshot in (old, new)
            for item in snapshot.get("destinations", [])
        }
        self.parents = {
            item["slug"]: item.get("parent")
            for snapshot in (old, new)
            for item in snapshot.get("destinations", [])
        }
        self.kinds = dict(Mission.Kind.choices)
        self.statuses = dict(Mission.Status.choices)

    def refines(self, one: str, other: str) -> bool:
        """Return whether one destination lies within the other (either way)."""
        return self._within(one, other) or self._within(other, one)

    def _within(self, slug: str, ancestor: str) -> bool:
        seen = set()
        while slug and slug not in seen:
            if slug == ancestor:
                return True
            seen.add(slug)
            slug = self.parents.get(slug) or ""
        return False

    def show(self, name: str, value: Any) -> Any:
        if value is None:
            return None
        if name == "destination":
            return self.destinations.get(value, value)
        if name == "kind":
            return str(self.kinds.get(value, value))
        if name == "status":
            return str(self.statuses.get(value, value))
        if name == "crewed":
            return _("crewed") if value else _("robotic")
        if name in {"partners", "objectives"}:
            return ", ".join(value) or _("none")
        if name == "site":
            return (
                value.get("name")
                or f"{value.get('latitude')}, {value.get('longitude')}"
            )
        return value


def _compare_mission(
    old_snapshot: dict[str, Any],
    new_snapshot: dict[str, Any],
    old: dict[str, Any],
    new: dict[str, Any],
    names: _Names,
) -> list[FieldChange]:
    changes = []
    ref = _ref(new_snapshot, new)
    evidence = (_evidence(old_snapshot, old), _evidence(new_snapshot, new))
    for name in (*COMPARED_FIELDS, "objectives", "site"):
        if not (_recorded(old, name) and _recorded(new, name)):
            continue
        before, after = old.get(name), new.get(name)
        if name == "partners":
            before, after = _partners(old), _partners(new)
        elif name == "objectives":
            before, after = sorted(before or []), sorted(after or [])
        elif name == "destination" and names.refines(str(before), str(after)):
            continue  # "lunar surface" then "lunar near side": a finer place, no move
        if before != after:
            changes.append(
                FieldChange(
                    ref.slug,
                    ref.name,
                    ref.lead,
                    name,
                    str(FIELD_LABELS[name]),
                    names.show(name, before),
                    names.show(name, after),
                    evidence,
                )
            )
    status_before, status_after = old.get("status"), new.get("status")
    if (
        status_before
        and status_after
        and status_before != status_after
        and status_after != CANCELLED
    ):
        changes.append(
            FieldChange(
                ref.slug,
                ref.name,
                ref.lead,
                "status",
                str(FIELD_LABELS["status"]),
                names.show("status", status_before),
                names.show("status", status_after),
                evidence,
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
    names = {
        m["slug"]: m.get("name") or m["slug"] for m in snapshot.get("missions", [])
    }
    return {
        f"{names.get(d['from'], d['from'])} → {names.get(d['to'], d['to'])} "
        f"({d['kind'].replace('_', ' ')})"
        for d in snapshot.get("dependencies", [])
    }


def _complete_for(snapshot: dict[str, Any]) -> set[str]:
    return set((snapshot.get("edition") or {}).get("complete_for") or [])


def diff_snapshots(old: dict[str, Any], new: dict[str, Any]) -> EditionDiff:
    """Return what changed from the ``old`` snapshot to the ``new`` one."""
    result = EditionDiff(old=old.get("edition", {}), new=new.get("edition", {}))
    names = _Names(old, new)
    before = {m["slug"]: m for m in old.get("missions", [])}
    after = {m["slug"]: m for m in new.get("missions", [])}
    summaries: dict[str, AgencySummary] = defaultdict(AgencySummary)
    # A mission one record holds: added or removed only where the other record is
    # complete for its lead agency; otherwise the other record says nothing of it.
    one_sided = (
        (set(after) - set(before), new, after, old, result.added, "added"),
        (set(before) - set(after), old, before, new, result.removed, "removed"),
    )
    for slugs, holder, held, other, changes, kind in one_sided:
        for slug in sorted(slugs):
            ref = _ref(holder, held[slug])
            if ref.lead and ref.lead in _complete_for(other):
                changes.append(ref)
                getattr(summaries[ref.lead], kind).append(ref.name)
                continue
            result.not_recorded.append(
                NotRecorded(
                    slug,
                    ref.name,
                    ref.lead,
                    (holder.get("edition") or {}).get("code", ""),
                    (other.get("edition") or {}).get("code", ""),
                    ref.evidence,
                )
            )
    for slug in sorted(set(before) & set(after)):
        was, now = before[slug], after[slug]
        ref = _ref(new, now)
        if now.get("in_edition") == DROPPED:
            result.removed.append(ref)
            summaries[ref.lead].removed.append(ref.name)
            continue
        if now.get("status") == CANCELLED and was.get("status") != CANCELLED:
            result.cancelled.append(ref)
            summaries[ref.lead].cancelled.append(ref.name)
        _compare_plans(result, summaries, old, new, was, now, ref)
        for change in _compare_mission(old, new, was, now, names):
            result.changed.append(change)
            summaries[ref.lead].changed.append(f"{ref.name}: {change.label}")
    agencies = _records(old.get("agencies", []), new.get("agencies", []), "name")
    result.agencies_joined = [a for a in agencies if a.before is None]
    result.agencies_left = [a for a in agencies if a.after is None]
    result.goals = _records(old.get("goals", []), new.get("goals", []), "title")
    result.objectives = _records(
        old.get("objectives", []), new.get("objectives", []), "title"
    )
    result.dependencies_compared = bool(
        old.get("dependencies_recorded", True)
        and new.get("dependencies_recorded", True)
    )
    if result.dependencies_compared:
        old_links, new_links = _dependencies(old), _dependencies(new)
        result.dependencies_added = sorted(new_links - old_links)
        result.dependencies_removed = sorted(old_links - new_links)
    result.by_agency = dict(sorted(summaries.items()))
    return result


def _compare_plans(
    result: EditionDiff,
    summaries: dict[str, AgencySummary],
    old: dict[str, Any],
    new: dict[str, Any],
    was: dict[str, Any],
    now: dict[str, Any],
    ref: MissionRef,
) -> None:
    before_date, after_date = was.get("planned_launch"), now.get("planned_launch")
    change, months, note = replan_of(before_date, after_date)
    if change == "unchanged":
        return
    replan = Replan(
        ref.slug,
        ref.name,
        ref.lead,
        before_date,
        after_date,
        change,
        months,
        note,
        (_evidence(old, was), _evidence(new, now)),
    )
    result.replanned.append(replan)
    if change in {"slip", "earlier", "narrowed", "widened"}:
        summaries[ref.lead].replanned.append(replan_line(replan))


CHANGE_WORDS = {
    "slip": gettext_lazy("slipped"),
    "earlier": gettext_lazy("moved earlier"),
    "narrowed": gettext_lazy("window narrowed"),
    "widened": gettext_lazy("window widened"),
    "first_recorded": gettext_lazy("date first recorded"),
    "not_recorded": gettext_lazy("date not recorded"),
}


def replan_line(replan: Replan) -> str:
    """Return one re-plan as a reader reads it: dates, and months only for a slip."""
    dates = f"{replan.before or '—'} → {replan.after or '—'}"
    if replan.slip_months is None:
        return f"{replan.name}: {dates} ({CHANGE_WORDS.get(replan.change, '')})"
    sign = "+" if replan.slip_months > 0 else ""
    months = _("%(count)s months") % {"count": f"{sign}{replan.slip_months}"}
    return f"{replan.name}: {dates} ({months})"


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

    def section(title: str, items: list[str]) -> None:
        if items:
            lines.append(f"{title} ({len(items)})")
            lines.extend(f"  {item}" for item in items)
            lines.append("")

    def mission(ref: MissionRef) -> str:
        return f"{ref.name} [{ref.lead}] {ref.planned_launch or ''}".rstrip()

    def backed(text: str, items: tuple[Evidence, ...]) -> str:
        return f"{text}\n      ↳ {_evidence_line(items)}" if evidence else text

    section("Missions added", [mission(ref) for ref in diff.added])
    section("Missions removed", [mission(ref) for ref in diff.removed])
    section("Missions cancelled", [mission(ref) for ref in diff.cancelled])
    section(
        "Missions re-planned",
        [
            backed(
                f"{replan_line(r)} [{r.lead}]" + (f" — {r.note}" if r.note else ""),
                r.evidence,
            )
            for r in diff.replanned
        ],
    )
    section(
        "Other mission changes",
        [
            backed(f"{c.name} [{c.lead}] {c.label}: {c.before} → {c.after}", c.evidence)
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
    lines.append("")
    section(
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
