"""Every write leaves a revision: loads record who and what wrote; `ger verify`
checks each mission's version against its history."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from ger.history.models import Revision
from ger.plans.models import Mission

pytestmark = pytest.mark.django_db


def history(slug: str) -> list[Revision]:
    mission = Mission.objects.get(slug=slug)
    return list(
        Revision.objects.filter(record_type="mission", object_id=mission.pk).order_by(
            "id"
        )
    )


def test_an_import_that_changes_a_mission_shows_in_its_history(base_data, write_file):
    before = Mission.objects.get(slug="orbiter-one")
    path = write_file(
        "change.yaml",
        """
        missions:
          - {slug: orbiter-one, name: Orbiter One Renamed, lead: ESA,
             destination: lunar-orbit, kind: science, status: cancelled,
             confidence: notional}
        """,
    )
    call_command("import", str(path), stdout=StringIO())
    mission = Mission.objects.get(slug="orbiter-one")
    assert mission.version == before.version + 1
    last = history("orbiter-one")[-1]
    assert last.action == "update"
    assert last.user_label == "ger import"
    assert last.note == "loaded from change.yaml"
    assert last.version == mission.version
    assert last.changes["name"] == {
        "before": before.name,
        "after": "Orbiter One Renamed",
    }
    assert last.changes["status"]["after"] == "cancelled"
    assert "History chain intact" in call_command("verify", stdout=StringIO())


def test_importing_the_same_file_again_records_nothing(base_data, write_file):
    count = Revision.objects.count()
    path = write_file(
        "same.yaml",
        """
        missions:
          - {slug: brand-new, name: Brand new, lead: ESA, destination: lunar-orbit,
             kind: science, status: studied, confidence: notional}
        """,
    )
    call_command("import", str(path), stdout=StringIO())
    assert [r.action for r in history("brand-new")] == ["create"]
    assert Revision.objects.count() == count + 1
    call_command("import", str(path), stdout=StringIO())
    assert Revision.objects.count() == count + 1
    assert Mission.objects.get(slug="brand-new").version == 1


def test_the_seed_records_a_creation_for_each_mission(db):
    call_command("seed", verbosity=0)
    missions = Mission.objects.count()
    created = Revision.objects.filter(
        record_type="mission", action="create", user_label="ger seed"
    )
    assert created.count() == missions > 0
    assert created.first().note.startswith("loaded from ")
    assert "History chain intact" in call_command("verify", stdout=StringIO())


def test_verify_finds_a_mission_changed_without_a_revision(base_data):
    Mission.objects.filter(slug="orbiter-one").update(version=F("version") + 1)
    errors = StringIO()
    with pytest.raises(CommandError, match="integrity problem"):
        call_command("verify", stdout=StringIO(), stderr=errors)
    assert "mission orbiter-one: at version 2 but its newest revision is version 1" in (
        errors.getvalue()
    )
