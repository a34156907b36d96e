"""Edition processes: build a snapshot, publish, re-issue, refresh the draft.

A published edition's snapshot is made of that edition's own statements (one per
mission, see ``EditionPlan``) and of the reference records dated on or before its
release; it never reads a mission's current record. The working draft alone shows
the live plan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ger.canonical import sha256_of
from ger.editions.models import (
    STATEMENT_FACTS,
    Edition,
    EditionImmutableError,
    EditionPlan,
)
from ger.objectives.models import Goal, Objective
from ger.plandates import PlanDate
from ger.plans.models import Dependency, Destination, Mission
from ger.registry.models import Agency

SNAPSHOT_FORMAT = "ger-edition-snapshot/2"


class ErratumError(ValueError):
    """A re-issue cannot be made or published as asked."""


def _date(value: PlanDate | None) -> str | None:
    return None if value is None else str(value)


def _edition_dict(edition: Edition) -> dict[str, Any]:
    data = {
        "code": edition.code,
        "slug": edition.slug,
        "title": edition.title,
        "kind": edition.kind,
        "released": _date(edition.released),
        "participating_count": edition.participating_count,
        "participating_agencies": edition.participating_agencies,
        "themes": edition.themes,
        "notes": edition.notes,
        "uncertain": edition.uncertain,
        "uncertain_note": edition.uncertain_note,
        "sources": edition.sources,
        "complete_for": sorted(edition.complete_for),
    }
    if edition.supersedes_id is not None:
        original = Edition.objects.only("code", "slug", "snapshot_sha256").get(
            pk=edition.supersedes_id
        )
        data["erratum"] = {
            "supersedes": original.code,
            "supersedes_slug": original.slug,
            "supersedes_sha256": original.snapshot_sha256,
            "reason": edition.erratum_reason,
        }
    return data


def not_recorded(statement: dict[str, Any]) -> list[str]:
    """Return the facts a snapshot statement leaves unrecorded."""
    return [
        name
        for name in STATEMENT_FACTS
        if statement.get(name) is None or statement.get(name) == ""
    ]


def _statement(plan: EditionPlan, slug: str) -> dict[str, Any]:
    """Return what the edition says about one mission, from its statement alone."""
    data: dict[str, Any] = {
        "slug": slug,
        "name": plan.name or None,
        "lead": plan.lead_code or None,
        "partners": plan.partners,
        "destination": plan.destination_slug or None,
        "kind": plan.kind or None,
        "crewed": plan.crewed,
        "status": plan.status or None,
        "planned_launch": _date(plan.launch),
        "site": plan.site,
        "objectives": plan.objective_codes,
        "description": plan.description or None,
        "statement": plan.statement,
        "in_edition": plan.in_edition,
        "basis": plan.basis,
        "source_date": plan.source_date,
        "known_since": _date(plan.known_since),
        "note": plan.note,
        "uncertain": plan.uncertain,
        "sources": plan.sources,
    }
    data["not_recorded"] = not_recorded(data)
    return data


def _plan_from_mission(mission: Mission) -> dict[str, Any]:
    return {
        "slug": mission.slug,
        "name": mission.name,
        "lead": mission.lead.code,
        "partners": mission.partner_list(),
        "destination": mission.destination.slug,
        "crewed": mission.crewed,
        "kind": mission.kind,
        "planned_launch": _date(mission.planned_launch),
        "statement": mission.planned_launch_note,
        "status": mission.status,
        "actual_launch": _date(mission.actual_launch),
        "confidence": mission.confidence,
        "uncertain": mission.uncertain,
        "sources": [source.url or source.title for source in mission.sources.all()],
    }


def _known_by(released: PlanDate | None) -> Q:
    """Return the filter of reference records stated on or before ``released``."""
    if released is None:
        return Q()
    return Q(known_on__isnull=True) | Q(known_on__lte=released.end)


def _goals_and_objectives(released: PlanDate | None) -> dict[str, Any]:
    goals = Goal.objects.filter(_known_by(released)).order_by("code")
    known_goals = {goal.code for goal in goals}
    objectives = (
        Objective.objects.filter(_known_by(released))
        .select_related("goal")
        .order_by("code")
    )
    return {
        "goals": [{"code": goal.code, "title": goal.title} for goal in goals],
        "objectives": [
            {
                "code": objective.code,
                "title": objective.title,
                "goal": objective.goal.code
                if objective.goal and objective.goal.code in known_goals
                else None,
            }
            for objective in objectives
        ],
    }


def _destinations(slugs: set[str]) -> list[dict[str, str | None]]:
    """Return the destinations the statements name, with their ancestors."""
    rows = Destination.objects.order_by("position", "slug").values_list(
        "slug", "name", "parent__slug"
    )
    parents = {slug: parent for slug, _name, parent in rows}
    wanted: set[str] = set()
    for slug in slugs:
        node: str | None = slug
        while node is not None and node in parents and node not in wanted:
            wanted.add(node)
            node = parents[node]
    return [
        {"slug": slug, "name": name, "parent": parent}
        for slug, name, parent in rows
        if slug in wanted
    ]


def _working_missions() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    live = Mission.objects.with_related().prefetch_related("sources").order_by("slug")
    missions = [_plan_from_mission(mission) for mission in live]
    slugs = {mission["slug"] for mission in missions}
    dependencies = [
        {"from": up, "to": down, "kind": kind, "lag_months": lag}
        for up, down, kind, lag in Dependency.objects.filter(
            upstream__slug__in=slugs, downstream__slug__in=slugs
        )
        .order_by("upstream__slug", "downstream__slug", "kind")
        .values_list("upstream__slug", "downstream__slug", "kind", "lag_months")
    ]
    return missions, dependencies


def build_snapshot(edition: Edition) -> dict[str, Any]:
    """Return the edition's content as plain data (agencies, missions, goals…).

    An edition other than the working draft speaks only through its statements;
    dependencies between missions carry no date in GER's records, so an edition
    holds none of them ("dependencies_recorded": false) rather than today's.
    """
    released = edition.released
    members = Agency.objects.members().select_related("membership")
    if released is not None:
        members = members.filter(membership__joined_on__lte=released.end)
    if edition.kind == Edition.Kind.WORKING_DRAFT:
        missions, dependencies = _working_missions()
        recorded = True
    else:
        plans = edition.plans.annotate(slug=F("mission__slug")).order_by("slug")
        missions = [_statement(plan, plan.slug) for plan in plans]
        dependencies, recorded = [], False
    used = {m["destination"] for m in missions if m.get("destination")}
    return {
        "format": SNAPSHOT_FORMAT,
        "edition": _edition_dict(edition),
        "agencies": [
            {
                "code": agency.code,
                "name": agency.name,
                "country": agency.country,
                "joined": _date(agency.membership.joined),
                "founding": agency.membership.founding,
            }
            for agency in members.order_by("code")
        ],
        "destinations": _destinations(used),
        "missions": missions,
        "dependencies": dependencies,
        "dependencies_recorded": recorded,
        **_goals_and_objectives(released),
    }


def statements_known_after_release(
    snapshot: dict[str, Any],
) -> list[tuple[str, str, str]]:
    """Return (mission, known since, released) for each statement after the release.

    A statement dated to a period counts from the period's first day, the release
    until the last day of its own, so only a statement surely later is named.
    """
    released_text = (snapshot.get("edition") or {}).get("released")
    if not released_text:
        return []
    released = PlanDate.parse(released_text)
    late = []
    for mission in snapshot.get("missions", []):
        known = mission.get("known_since")
        if known and PlanDate.parse(known).start > released.end:
            late.append((mission.get("name") or mission["slug"], known, released_text))
        for source in mission.get("sources") or []:
            dated = source.get("date") if isinstance(source, dict) else None
            day = _source_date(dated) if dated else None
            if dated and day is not None and day > released.end:
                late.append(
                    (mission.get("name") or mission["slug"], dated, released_text)
                )
    return late


def _source_date(text: str) -> dt.date | None:
    try:
        return PlanDate.parse(text[:10]).start
    except ValueError:
        return None


def _check_publishable(edition: Edition, snapshot: dict[str, Any]) -> None:
    late = statements_known_after_release(snapshot)
    if late:
        name, known, released = late[0]
        raise EditionImmutableError(
            _(
                "edition %(code)s cannot be published: %(count)s statement(s) became "
                "known after its release %(released)s (first: %(name)s, known since "
                "%(known)s); an edition holds nothing learned after its day"
            )
            % {
                "code": edition.code,
                "count": len(late),
                "released": released,
                "name": name,
                "known": known,
            }
        )
    if edition.supersedes_id is not None:
        original = Edition.objects.get(pk=edition.supersedes_id)
        if not original.is_published:
            raise ErratumError(
                _("%(code)s corrects %(original)s, which is not published")
                % {"code": edition.code, "original": original.code}
            )
        other = original.superseding_issue()
        if other is not None and other.pk != edition.pk:
            raise ErratumError(
                _("%(original)s is already corrected by %(other)s: correct that one")
                % {"original": original.code, "other": other.code}
            )
        if not edition.erratum_reason.strip():
            raise ErratumError(_("a re-issue says what it corrects"))


@transaction.atomic
def publish_edition(
    edition: Edition, snapshot: dict[str, Any] | None = None
) -> Edition:
    """Freeze the edition: store its snapshot and SHA-256 and mark it published.

    ``snapshot`` is given only to restore an issue exactly as it was first
    published (a frozen file of the bundled data); otherwise it is built from the
    edition's statements.
    """
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if locked.is_published:
        raise EditionImmutableError(f"edition {locked.code} is already published")
    if snapshot is None:
        snapshot = build_snapshot(locked)
        _check_publishable(locked, snapshot)
    locked.snapshot = snapshot
    locked.snapshot_sha256 = sha256_of(snapshot)
    locked.status = Edition.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.save()
    return locked


@transaction.atomic
def reissue_edition(
    original: Edition, *, code: str, slug: str, title: str, reason: str
) -> Edition:
    """Start a corrected re-issue of a published edition: a draft with its statements.

    The original stays as it was; the re-issue is published like any edition and
    then supersedes it.
    """
    if not original.is_published:
        raise ErratumError(_("only a published edition is re-issued"))
    if not reason.strip():
        raise ErratumError(_("a re-issue says what it corrects"))
    if original.superseding_issue() is not None:
        raise ErratumError(
            _("%(code)s is already corrected: re-issue its latest issue")
            % {"code": original.code}
        )
    reissue = Edition.objects.create(
        code=code,
        slug=slug,
        title=title,
        kind=original.kind,
        released_on=original.released_on,
        released_precision=original.released_precision,
        participating_count=original.participating_count,
        participating_agencies=original.participating_agencies,
        themes=original.themes,
        notes=original.notes,
        uncertain=original.uncertain,
        uncertain_note=original.uncertain_note,
        sources=original.sources,
        complete_for=original.complete_for,
        supersedes=original,
        erratum_reason=reason,
    )
    copied = [
        field.attname
        for field in EditionPlan._meta.concrete_fields
        if field.attname not in {"id", "edition_id"}
    ]
    EditionPlan.objects.bulk_create(
        EditionPlan(edition=reissue, **{name: getattr(plan, name) for name in copied})
        for plan in original.plans.all()
    )
    return reissue


def refresh_draft_snapshot(edition: Edition) -> bool:
    """Recompute a draft's snapshot from the current data; return whether it changed."""
    if edition.is_published:
        raise EditionImmutableError(f"edition {edition.code} is published")
    snapshot = build_snapshot(edition)
    digest = sha256_of(snapshot)
    if digest == edition.snapshot_sha256:
        return False
    edition.snapshot, edition.snapshot_sha256 = snapshot, digest
    edition.save(update_fields=["snapshot", "snapshot_sha256"])
    return True
