"""Compare two snapshots mission by mission and record by record."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ger.editions.diff.results import (
    CANCELLED,
    DROPPED,
    AgencySummary,
    EditionDiff,
    Evidence,
    FieldChange,
    MissionRef,
    NotRecorded,
    RecordChange,
    Replan,
)
from ger.editions.diff.windows import replan_line, replan_of

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


@dataclass(frozen=True)
class _Sides:
    """The two snapshots compared, and the missions each holds by slug."""

    old: dict[str, Any]
    new: dict[str, Any]
    before: dict[str, dict[str, Any]]
    after: dict[str, dict[str, Any]]


def diff_snapshots(old: dict[str, Any], new: dict[str, Any]) -> EditionDiff:
    """Return what changed from the ``old`` snapshot to the ``new`` one."""
    result = EditionDiff(old=old.get("edition", {}), new=new.get("edition", {}))
    before = {m["slug"]: m for m in old.get("missions", [])}
    after = {m["slug"]: m for m in new.get("missions", [])}
    summaries: dict[str, AgencySummary] = defaultdict(AgencySummary)
    sides = _Sides(old, new, before, after)
    _compare_one_sided(result, summaries, sides)
    _compare_held_by_both(result, summaries, sides)
    _compare_records(result, old, new)
    result.by_agency = dict(sorted(summaries.items()))
    return result


def _compare_one_sided(
    result: EditionDiff, summaries: dict[str, AgencySummary], sides: _Sides
) -> None:
    """Add the missions only one record holds: added, removed or not recorded."""
    old, new, before, after = sides.old, sides.new, sides.before, sides.after
    # Added or removed only where the other record is complete for the mission's
    # lead agency; otherwise the other record says nothing of it.
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


def _compare_held_by_both(
    result: EditionDiff, summaries: dict[str, AgencySummary], sides: _Sides
) -> None:
    """Add what changed in the missions both records hold."""
    old, new, before, after = sides.old, sides.new, sides.before, sides.after
    names = _Names(old, new)
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


def _compare_records(
    result: EditionDiff, old: dict[str, Any], new: dict[str, Any]
) -> None:
    """Add the changes to agencies, goals, objectives and dependencies."""
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
