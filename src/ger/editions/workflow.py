"""The edition workflow: draft from the current plan, review by agencies, publish."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ger.canonical import sha256_of
from ger.editions.models import (
    Edition,
    EditionFlag,
    EditionImmutableError,
    EditionPlan,
)
from ger.editions.services import ErratumError, build_snapshot, publish_edition
from ger.history.models import Revision
from ger.history.services import record_revision
from ger.plandates import PlanDate, PlanDateError, Precision
from ger.plans.models import Mission
from ger.registry.models import Agency

ALLOWED_KINDS = (
    Edition.Kind.ROADMAP,
    Edition.Kind.SUPPLEMENT,
    Edition.Kind.RELATED_PRODUCT,
)


class EditionWorkflowError(Exception):
    """An edition cannot move as asked (wrong state, changed since review…)."""


class EditionInputError(ValueError):
    """The details of a new edition are invalid; ``errors`` maps field to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{f}: {' '.join(m)}" for f, m in errors.items()))
        self.errors = errors


def find_edition(key: str) -> Edition | None:
    """Return the edition with this code or slug."""
    return Edition.objects.by_key(key)


def edition_snapshot(edition: Edition) -> dict[str, Any]:
    """Return the edition's content, verified once reviewed or published."""
    if edition.status != Edition.Status.DRAFT and edition.snapshot is not None:
        return edition.verified_snapshot()
    return build_snapshot(edition)


def _record(edition: Edition, before: str, after: str, user: User) -> None:
    record_revision(
        record_type=Revision.RecordType.EDITION,
        object_id=edition.pk,
        record_key=edition.code,
        record_label=edition.title,
        action=Revision.Action.CREATE if before == "" else Revision.Action.UPDATE,
        before={"status": before} if before else None,
        after={"status": after},
        user=user,
    )


def _copy_current_plan(edition: Edition) -> int:
    """Give the draft one statement per mission: the current plan, stated today."""
    missions = (
        Mission.objects.with_related()
        .prefetch_related("objective_links__objective")
        .order_by("slug")
    )
    today = timezone.now().date()
    EditionPlan.objects.bulk_create(
        EditionPlan(
            edition=edition,
            mission=mission,
            **_facts_of(mission),
            launch_on=mission.planned_launch_on,
            launch_precision=mission.planned_launch_precision,
            launch_qualifier=mission.planned_launch_qualifier,
            statement=mission.planned_launch_note,
            in_edition=EditionPlan.Presence.CONFIRMED,
            basis=EditionPlan.Basis.QUOTED,
            known_on=today,
            known_precision=Precision.DAY,
            status=mission.status,
            uncertain=mission.uncertain,
        )
        for mission in missions
    )
    return missions.count()


def _facts_of(mission: Mission) -> dict[str, Any]:
    """Return the mission's current facts as the fields of a statement."""
    site = None
    if mission.site_latitude is not None and mission.site_longitude is not None:
        site = {
            "name": mission.site_name,
            "latitude": mission.site_latitude,
            "longitude": mission.site_longitude,
            "kind": mission.site_kind or "planned",
        }
    return {
        "name": mission.name,
        "lead_code": mission.lead.code,
        "partners": mission.partner_list(),
        "destination_slug": mission.destination.slug,
        "kind": mission.kind,
        "crewed": mission.crewed,
        "site": site,
        "objective_codes": sorted(
            link.objective.code for link in mission.objective_links.all()
        ),
        "description": mission.description,
    }


@transaction.atomic
def create_draft_edition(
    *,
    code: str,
    slug: str,
    title: str,
    kind: str,
    released: str,
    user: User,
) -> Edition:
    """Create a draft edition holding every mission's current plan."""
    errors: dict[str, list[str]] = {}
    released_date = None
    if released.strip():
        try:
            released_date = PlanDate.parse(released, allow_qualifier=False)
        except PlanDateError as problem:
            errors["released"] = [str(problem)]
        else:
            if released_date.end < timezone.now().date():
                # Its statements are today's plans: an edition holds nothing
                # learned after its release, so it cannot be released before today.
                errors["released"] = [
                    _(
                        "%(date)s is in the past: a draft made of today's plans is "
                        "released this period or later"
                    )
                    % {"date": released_date}
                ]
    if kind not in ALLOWED_KINDS:
        errors["kind"] = [_("choose roadmap, supplement or related product")]
    edition = Edition(
        code=code.strip(),
        slug=slug.strip(),
        title=title.strip(),
        kind=kind,
        status=Edition.Status.DRAFT,
        released_on=released_date.start if released_date else None,
        released_precision=released_date.precision if released_date else "",
        participating_agencies=list(
            Agency.objects.members().order_by("code").values_list("code", flat=True)
        ),
    )
    try:
        edition.full_clean()
    except ValidationError as problem:
        for field, messages in problem.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise EditionInputError(errors)
    edition.participating_count = len(edition.participating_agencies)
    edition.save()
    _copy_current_plan(edition)
    _record(edition, "", edition.status, user)
    return edition


def _lock(edition: Edition, *states: str) -> Edition:
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if locked.kind == Edition.Kind.WORKING_DRAFT:
        raise EditionWorkflowError(
            _("the working draft is never reviewed or published")
        )
    if locked.status not in states:
        raise EditionWorkflowError(
            _("the edition is %(status)s: this step is not possible now")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def sync_draft_with_current_plan(edition: Edition, user: User) -> int:
    """Replace a draft's mission plans with the current plan; return how many."""
    locked = _lock(edition, Edition.Status.DRAFT)
    locked.plans.all().delete()
    return _copy_current_plan(locked)


@transaction.atomic
def submit_for_review(edition: Edition, user: User) -> Edition:
    """Move a draft to review, storing the snapshot agencies will check."""
    locked = _lock(edition, Edition.Status.DRAFT)
    snapshot = build_snapshot(locked)
    locked.snapshot, locked.snapshot_sha256 = snapshot, sha256_of(snapshot)
    locked.status = Edition.Status.REVIEW
    locked.save(update_fields=["snapshot", "snapshot_sha256", "status"])
    _record(locked, Edition.Status.DRAFT, locked.status, user)
    return locked


@transaction.atomic
def return_to_draft(edition: Edition, user: User) -> Edition:
    """Take an edition out of review so that it can change again."""
    locked = _lock(edition, Edition.Status.REVIEW)
    locked.status = Edition.Status.DRAFT
    locked.save(update_fields=["status"])
    _record(locked, Edition.Status.REVIEW, locked.status, user)
    return locked


@transaction.atomic
def publish_reviewed_edition(edition: Edition, user: User) -> Edition:
    """Publish exactly what the agencies reviewed, in one transaction."""
    locked = _lock(edition, Edition.Status.REVIEW)
    if sha256_of(build_snapshot(locked)) != locked.snapshot_sha256:
        raise EditionWorkflowError(
            _(
                "the plan changed since the edition went to review: return it to "
                "draft and send it to review again so that agencies see what will be "
                "published"
            )
        )
    try:
        published = publish_edition(locked)
    except (EditionImmutableError, ErratumError) as problem:
        # A statement known after the release, or a re-issue that cannot stand:
        # said in the workspace like any other reason not to publish.
        raise EditionWorkflowError(str(problem)) from problem
    published.verified_snapshot()
    _record(published, Edition.Status.REVIEW, published.status, user)
    return published


def flag_problem(
    edition: Edition,
    agency: Agency | None,
    user: User,
    mission_slug: str,
    body: str,
) -> EditionFlag:
    """Record a problem an agency sees in an edition under review."""
    if edition.status != Edition.Status.REVIEW:
        raise EditionWorkflowError(_("problems can be flagged only during review"))
    if not body.strip():
        raise EditionInputError({"body": [_("describe the problem")]})
    return EditionFlag.objects.create(
        edition=edition,
        agency=agency,
        author=user,
        author_label=user.get_username(),
        mission_slug=mission_slug.strip(),
        body=body,
    )


def snapshot_for_agency(snapshot: dict[str, Any], agency_code: str) -> list[Any]:
    """Return the snapshot's missions that the agency leads or partners on."""
    return [
        mission
        for mission in snapshot.get("missions", [])
        if mission.get("lead") == agency_code
        or agency_code in {p.get("agency") for p in mission.get("partners") or []}
    ]
