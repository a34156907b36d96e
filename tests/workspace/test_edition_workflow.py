from __future__ import annotations

import pytest

from ger.canonical import sha256_of
from ger.editions.models import (
    Edition,
    EditionImmutableError,
    EditionPlan,
    SnapshotCorruptError,
)
from ger.editions.workflow import (
    EditionInputError,
    EditionWorkflowError,
    create_draft_edition,
    flag_problem,
    publish_reviewed_edition,
    return_to_draft,
    snapshot_for_agency,
    submit_for_review,
    sync_draft_with_current_plan,
)
from ger.history.missions import (
    update_mission,
)
from ger.history.models import Revision
from ger.plans.models import Mission
from ger.registry.models import Agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(cast_data, secretariat):
    return create_draft_edition(
        code="GER-SUPP-2027",
        slug="2027-supplement",
        title="2027 supplement",
        kind="supplement",
        released="2027-03",
        user=secretariat,
    )


def test_a_draft_holds_every_mission_s_current_plan(draft):
    plans = {plan.mission.slug: plan for plan in draft.plans.select_related("mission")}
    assert set(plans) == set(Mission.objects.values_list("slug", flat=True))
    assert str(plans["nasa-rover"].launch) == "2028-Q3"
    assert str(plans["esa-lander"].launch) == "NET 2029"
    assert draft.status == Edition.Status.DRAFT
    assert draft.participating_agencies == ["ESA", "JAXA", "NASA"]


def test_a_draft_with_bad_details_names_the_fields(cast_data, secretariat):
    with pytest.raises(EditionInputError) as refused:
        create_draft_edition(
            code="ED-A",
            slug="not a slug",
            title="x",
            kind="working_draft",
            released="someday",
            user=secretariat,
        )
    assert {"code", "slug", "kind", "released"} <= set(refused.value.errors)


def test_a_draft_can_take_the_current_plan_again(draft, nasa_editor, secretariat):
    update_mission(
        Mission.objects.get(slug="nasa-rover"),
        {"planned_launch": "2030"},
        nasa_editor,
        1,
    )
    sync_draft_with_current_plan(draft, secretariat)
    assert str(draft.plans.get(mission__slug="nasa-rover").launch) == "2030"


def test_review_shows_each_agency_exactly_what_will_be_published(draft, secretariat):
    reviewed = submit_for_review(draft, secretariat)
    assert reviewed.status == Edition.Status.REVIEW
    snapshot = reviewed.verified_snapshot()
    nasa_view = {m["slug"] for m in snapshot_for_agency(snapshot, "NASA")}
    assert nasa_view == {"nasa-rover", "esa-lander", "lander-two"}
    published = publish_reviewed_edition(reviewed, secretariat)
    assert published.snapshot == snapshot


def test_publishing_freezes_the_snapshot_with_its_sha256(draft, secretariat):
    published = publish_reviewed_edition(
        submit_for_review(draft, secretariat), secretariat
    )
    assert published.status == Edition.Status.PUBLISHED
    assert published.snapshot_sha256 == sha256_of(published.snapshot)
    assert published.published_at is not None
    published.title = "Rewritten"
    with pytest.raises(EditionImmutableError):
        published.save()
    with pytest.raises(EditionWorkflowError):
        return_to_draft(published, secretariat)
    statuses = [
        r.changes["status"]["after"]
        for r in Revision.objects.filter(record_type="edition").order_by("id")
    ]
    assert statuses == ["draft", "review", "published"]


def test_a_change_after_review_stops_publication(draft, secretariat):
    reviewed = submit_for_review(draft, secretariat)
    EditionPlan.objects.filter(edition=reviewed, mission__slug="nasa-rover").update(
        name="Renamed Rover"
    )
    with pytest.raises(EditionWorkflowError, match="changed since"):
        publish_reviewed_edition(reviewed, secretariat)
    assert Edition.objects.get(pk=draft.pk).status == Edition.Status.REVIEW


def test_a_live_change_after_drafting_does_not_reach_the_edition(
    draft, secretariat, nasa_editor
):
    reviewed = submit_for_review(draft, secretariat)
    update_mission(
        Mission.objects.get(slug="nasa-rover"),
        {"name": "Renamed Rover"},
        nasa_editor,
        1,
    )
    published = publish_reviewed_edition(reviewed, secretariat)
    names = {m["slug"]: m["name"] for m in published.verified_snapshot()["missions"]}
    assert names["nasa-rover"] != "Renamed Rover"


def test_a_tampered_review_snapshot_is_detected(draft, secretariat):
    reviewed = submit_for_review(draft, secretariat)
    Edition.objects.filter(pk=reviewed.pk).update(
        snapshot={**reviewed.snapshot, "missions": []}
    )
    with pytest.raises(SnapshotCorruptError):
        Edition.objects.get(pk=reviewed.pk).verified_snapshot()


def test_the_working_draft_is_never_reviewed(cast_data, secretariat):
    with pytest.raises(EditionWorkflowError, match="never"):
        submit_for_review(Edition.objects.get(code="WORK"), secretariat)


def test_agencies_flag_problems_only_during_review(draft, secretariat, esa_editor):
    esa = Agency.objects.get(code="ESA")
    with pytest.raises(EditionWorkflowError):
        flag_problem(draft, esa, esa_editor, "esa-lander", "Wrong date")
    reviewed = submit_for_review(draft, secretariat)
    flag = flag_problem(reviewed, esa, esa_editor, "esa-lander", "Wrong date")
    assert flag.agency == esa
    assert list(reviewed.flags.all()) == [flag]


def test_a_statement_known_after_the_release_stops_publication_with_a_reason(
    draft, secretariat
):
    import datetime as dt

    EditionPlan.objects.filter(edition=draft, mission__slug="nasa-rover").update(
        known_on=dt.date(2028, 1, 1), known_precision="day"
    )
    reviewed = submit_for_review(draft, secretariat)
    with pytest.raises(EditionWorkflowError, match="known after its release 2027-03"):
        publish_reviewed_edition(reviewed, secretariat)
    assert Edition.objects.get(pk=draft.pk).status == Edition.Status.REVIEW
