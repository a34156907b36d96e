"""Edition processes: build a snapshot, publish an edition, refresh the draft."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from ger.editions.canonical import sha256_of
from ger.editions.models import Edition, EditionImmutableError, EditionPlan
from ger.objectives.models import Goal, Objective
from ger.plandates import PlanDate
from ger.plans.models import Dependency, Mission
from ger.registry.models import Agency

SNAPSHOT_FORMAT = "ger-edition-snapshot/1"


def _date(value: PlanDate | None) -> str | None:
    return None if value is None else str(value)


def _edition_dict(edition: Edition) -> dict[str, Any]:
    return {
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
    }


def _mission_identity(mission: Mission) -> dict[str, Any]:
    return {
        "slug": mission.slug,
        "name": mission.name,
        "lead": mission.lead.code,
        "partners": [
            {"agency": partner.agency.code, "role": partner.role}
            for partner in mission.partnerships.all()
        ],
        "destination": mission.destination.slug,
        "crewed": mission.crewed,
        "kind": mission.kind,
    }


def _plan_from_edition(plan: EditionPlan) -> dict[str, Any]:
    return {
        **_mission_identity(plan.mission),
        "planned_launch": _date(plan.launch),
        "statement": plan.statement,
        "status": plan.status,
        "in_edition": plan.in_edition,
        "basis": plan.basis,
        "source_date": plan.source_date,
        "note": plan.note,
        "uncertain": plan.uncertain,
        "sources": plan.sources,
    }


def _plan_from_mission(mission: Mission) -> dict[str, Any]:
    return {
        **_mission_identity(mission),
        "planned_launch": _date(mission.planned_launch),
        "statement": mission.planned_launch_note,
        "status": mission.status,
        "actual_launch": _date(mission.actual_launch),
        "confidence": mission.confidence,
        "uncertain": mission.uncertain,
        "sources": [source.url or source.title for source in mission.sources.all()],
    }


def build_snapshot(edition: Edition) -> dict[str, Any]:
    """Return the edition's content as plain data (agencies, missions, goals…)."""
    released = edition.released
    members = Agency.objects.members().select_related("membership")
    if released is not None:
        members = members.filter(membership__joined_on__lte=released.end)
    if edition.kind == Edition.Kind.WORKING_DRAFT:
        live = (
            Mission.objects.with_related().prefetch_related("sources").order_by("slug")
        )
        missions = [_plan_from_mission(mission) for mission in live]
    else:
        plans = (
            edition.plans.select_related("mission__lead", "mission__destination")
            .prefetch_related("mission__partnerships__agency")
            .order_by("mission__slug")
        )
        missions = [_plan_from_edition(plan) for plan in plans]
    slugs = {mission["slug"] for mission in missions}
    dependencies = [
        {"from": up, "to": down, "kind": kind, "lag_months": lag}
        for up, down, kind, lag in Dependency.objects.filter(
            upstream__slug__in=slugs, downstream__slug__in=slugs
        )
        .order_by("upstream__slug", "downstream__slug", "kind")
        .values_list("upstream__slug", "downstream__slug", "kind", "lag_months")
    ]
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
        "missions": missions,
        "dependencies": dependencies,
        "goals": [
            {"code": goal.code, "title": goal.title}
            for goal in Goal.objects.order_by("code")
        ],
        "objectives": [
            {
                "code": objective.code,
                "title": objective.title,
                "goal": objective.goal.code if objective.goal else None,
            }
            for objective in Objective.objects.select_related("goal").order_by("code")
        ],
    }


@transaction.atomic
def publish_edition(edition: Edition) -> Edition:
    """Freeze the edition: store its snapshot and SHA-256 and mark it published."""
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if locked.is_published:
        raise EditionImmutableError(f"edition {locked.code} is already published")
    snapshot = build_snapshot(locked)
    locked.snapshot = snapshot
    locked.snapshot_sha256 = sha256_of(snapshot)
    locked.status = Edition.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.save()
    return locked


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
