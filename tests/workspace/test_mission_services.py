from __future__ import annotations

import pytest

from ger.history.missions import (
    MissionInUseError,
    StaleVersionError,
    create_mission,
    delete_mission,
    mission_etag,
    mission_revisions,
    update_mission,
    update_partnership,
    version_from_if_match,
)
from ger.history.models import Revision, RevisionImmutableError
from ger.plans.models import Mission
from ger.plans.services import (
    MissionInputError,
)
from ger.registry.models import Agency
from tests.workspace.conftest import mission_fields

pytestmark = pytest.mark.django_db


def test_creating_a_mission_records_every_field_as_after(cast_data, nasa_editor):
    mission = create_mission(
        mission_fields(slug="new-one", name="New One", planned_launch="net 2030-q2"),
        nasa_editor,
    )
    assert mission.version == 1
    assert str(mission.planned_launch) == "NET 2030-Q2"
    [revision] = mission_revisions(mission)
    assert revision.action == "create"
    assert revision.user == nasa_editor
    assert revision.role_label == "NASA editor"
    assert revision.changes["planned_launch"] == {
        "before": None,
        "after": "NET 2030-Q2",
    }
    assert revision.changes["lead"] == {"before": None, "after": "NASA"}


def test_a_change_is_recorded_with_the_fields_before_and_after(cast_data, nasa_editor):
    mission = cast_data["NASA"]
    updated = update_mission(
        mission, {"planned_launch": "2029-05", "crewed": True}, nasa_editor, 1
    )
    assert updated.version == 2
    latest = mission_revisions(updated)[0]
    assert latest.action == "update"
    assert latest.version == 2
    assert latest.changes == {
        "crewed": {"before": False, "after": True},
        "planned_launch": {"before": "2028-Q3", "after": "2029-05"},
    }


def test_saving_the_same_values_records_nothing_and_keeps_the_version(
    cast_data, nasa_editor
):
    mission = cast_data["NASA"]
    same = update_mission(mission, {"name": "NASA Rover"}, nasa_editor, 1)
    assert same.version == 1
    assert len(mission_revisions(mission)) == 1


def test_it_rejects_a_stale_write_and_tells_what_changed_meanwhile(
    cast_data, nasa_editor
):
    mission = cast_data["NASA"]
    update_mission(mission, {"planned_launch": "2030"}, nasa_editor, 1)
    with pytest.raises(StaleVersionError) as refused:
        update_mission(mission, {"name": "Renamed"}, nasa_editor, 1)
    assert refused.value.mission.version == 2
    [meanwhile] = refused.value.changes_since
    assert meanwhile.changes["planned_launch"]["after"] == "2030"
    assert Mission.objects.get(pk=mission.pk).name == "NASA Rover"


def test_invalid_values_are_refused_with_the_field_named(cast_data, nasa_editor):
    mission = cast_data["NASA"]
    with pytest.raises(MissionInputError) as refused:
        update_mission(
            mission,
            {"site_latitude": 123.0, "planned_launch": "soon", "lead": "NOPE"},
            nasa_editor,
            1,
        )
    assert set(refused.value.errors) == {"site_latitude", "planned_launch", "lead"}
    assert Mission.objects.get(pk=mission.pk).version == 1


def test_a_partner_changes_only_its_own_part(cast_data, esa_editor):
    mission = cast_data["NASA"]
    esa = Agency.objects.get(code="ESA")
    updated = update_partnership(
        mission, esa, "cameras and a drill", True, esa_editor, 1
    )
    assert updated.version == 2
    [partner] = updated.partnerships.all()
    assert (partner.agency.code, partner.role, partner.uncertain) == (
        "ESA",
        "cameras and a drill",
        True,
    )
    assert set(mission_revisions(updated)[0].changes) == {"partners"}


def test_deleting_keeps_the_last_state_in_history(cast_data, nasa_editor):
    mission = cast_data["NASA"]
    pk = mission.pk
    delete_mission(mission, nasa_editor, 1)
    assert not Mission.objects.filter(pk=pk).exists()
    deleted = Revision.objects.of_record("mission", pk).first()
    assert deleted.action == "delete"
    assert deleted.changes["name"] == {"before": "NASA Rover", "after": None}
    assert deleted.changes["partners"]["before"][0]["agency"] == "ESA"


def test_a_mission_that_editions_refer_to_is_not_deleted(cast_data, nasa_editor):
    mission = Mission.objects.get(slug="lander-two")
    with pytest.raises(MissionInUseError, match="cancelled"):
        delete_mission(mission, nasa_editor, mission.version)
    assert Mission.objects.filter(slug="lander-two").exists()


def test_revisions_can_be_neither_changed_nor_deleted(cast_data):
    revision = Revision.objects.first()
    revision.note = "rewritten"
    with pytest.raises(RevisionImmutableError):
        revision.save()
    with pytest.raises(RevisionImmutableError):
        revision.delete()
    with pytest.raises(RevisionImmutableError):
        Revision.objects.all().delete()
    with pytest.raises(RevisionImmutableError):
        Revision.objects.update(note="x")


def test_the_api_s_etag_names_the_version_and_if_match_reads_it_back(cast_data):
    mission = cast_data["NASA"]
    etag = mission_etag(mission)
    assert etag == f'"mission-{mission.pk}-v1"'
    assert version_from_if_match(etag, mission) == 1
    assert version_from_if_match(f'W/"x", {etag}', mission) == 1
    assert version_from_if_match("*", mission) is None  # names no version: 428
    assert version_from_if_match('"something-else"', mission) == 0
    assert version_from_if_match(None, mission) is None
