from __future__ import annotations

import datetime
import gzip
import itertools
import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from ger.dataset.backup import canonical_records
from ger.editions.models import Edition
from ger.history.missions import (
    update_mission,
)
from ger.history.models import Revision
from ger.plans.models import Mission

pytestmark = pytest.mark.django_db


def test_every_revision_is_chained_to_the_one_before(cast_data, nasa_editor):
    mission = Mission.objects.get(slug="nasa-rover")
    update_mission(mission, {"name": "Renamed"}, nasa_editor, mission.version)
    revisions = list(Revision.objects.order_by("id"))
    assert len(revisions) >= 3
    assert revisions[0].previous_hash == ""
    for before, after in itertools.pairwise(revisions):
        assert after.previous_hash == before.chain_hash
    assert "History chain intact" in _verify()


def _verify() -> str:
    output = StringIO()
    call_command("verify", stdout=output)
    return output.getvalue()


def test_verify_finds_a_revision_changed_behind_our_back(cast_data):
    target = Revision.objects.order_by("id").first()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE history_revision SET note = %s WHERE id = %s", ["forged", target.pk]
        )
    errors = StringIO()
    with pytest.raises(CommandError, match="integrity problem"):
        call_command("verify", stderr=errors)
    assert f"revision {target.pk}" in errors.getvalue()


def test_verify_finds_a_removed_revision(cast_data, nasa_editor):
    mission = Mission.objects.get(slug="nasa-rover")
    update_mission(mission, {"name": "Renamed"}, nasa_editor, mission.version)
    middle = Revision.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM history_revision WHERE id = %s", [middle.pk])
    with pytest.raises(CommandError):
        call_command("verify", stderr=StringIO())


def test_verify_finds_a_tampered_edition(base_data):
    edition = Edition.objects.get(code="ED-A")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE editions_edition SET snapshot_sha256 = %s WHERE id = %s",
            ["0" * 64, edition.pk],
        )
    errors = StringIO()
    with pytest.raises(CommandError):
        call_command("verify", stderr=errors)
    assert "edition ED-A" in errors.getvalue()


def test_a_backup_restores_to_an_identical_database(
    cast_data, nasa_editor, tmp_path, django_db_blocker
):
    mission = Mission.objects.get(slug="nasa-rover")
    update_mission(
        mission, {"planned_launch": "NET 2030"}, nasa_editor, mission.version
    )
    before = canonical_records()
    path = tmp_path / "ger.json.gz"
    call_command("backup", str(path), stdout=StringIO())
    _empty_database()
    assert canonical_records() == []
    call_command("restore", str(path), stdout=StringIO())
    assert canonical_records() == before
    # Ids keep counting after the restored ones.
    fresh = update_mission(
        Mission.objects.get(slug="nasa-rover"),
        {"name": "After restore"},
        nasa_editor,
        Mission.objects.get(slug="nasa-rover").version,
    )
    assert fresh.version == 3


def _empty_database() -> None:
    from ger.dataset.backup import backed_up_models

    with connection.cursor() as cursor:
        for model in reversed(backed_up_models()):
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}"
            )
            for field in model._meta.local_many_to_many:
                cursor.execute(
                    f"DELETE FROM {connection.ops.quote_name(field.remote_field.through._meta.db_table)}"
                )


def test_restore_refuses_a_damaged_file_and_a_full_database(cast_data, tmp_path):
    path = tmp_path / "ger.json.gz"
    call_command("backup", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(path))
    document = json.loads(gzip.decompress(path.read_bytes()))
    document["data"][0]["fields"]["username"] = "intruder"
    damaged = tmp_path / "damaged.json.gz"
    damaged.write_bytes(gzip.compress(json.dumps(document).encode()))
    with pytest.raises(CommandError, match="checksum does not match"):
        call_command("restore", str(damaged))
    (tmp_path / "junk.json.gz").write_bytes(b"not gzip")
    with pytest.raises(CommandError, match="not a GER backup"):
        call_command("restore", str(tmp_path / "junk.json.gz"))


def test_a_restore_keeps_each_timestamp_to_the_microsecond(cast_data, tmp_path):
    # 456 microseconds: Django's JSON would write ".000" and read back 0.
    exact = datetime.datetime(2026, 3, 4, 5, 6, 7, 456, tzinfo=datetime.UTC)
    later = exact.replace(microsecond=123456)
    Mission.objects.filter(slug="nasa-rover").update(updated_at=exact)
    Mission.objects.filter(slug="esa-lander").update(updated_at=later)
    path = tmp_path / "ger.json.gz"
    call_command("backup", str(path), stdout=StringIO())
    _empty_database()
    call_command("restore", str(path), stdout=StringIO())
    assert Mission.objects.get(slug="nasa-rover").updated_at == exact
    assert Mission.objects.get(slug="esa-lander").updated_at == later


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="moving from SQLite to PostgreSQL needs the PostgreSQL run",
)
def test_a_sqlite_backup_restores_into_postgresql(cast_data, tmp_path, db):
    """The migration path: back up a SQLite database, restore it here on PostgreSQL."""
    sqlite_env = {
        **os.environ,
        "DEBUG": "true",
        "GER_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'source.sqlite3'}",
    }
    ger = [sys.executable, "-m", "ger"]
    subprocess.run([*ger, "migrate", "-v0"], env=sqlite_env, check=True)
    subprocess.run(
        [*ger, "seed", "-v0"], env=sqlite_env, check=True, capture_output=True
    )
    path = tmp_path / "from-sqlite.json.gz"
    subprocess.run(
        [*ger, "backup", str(path)], env=sqlite_env, check=True, capture_output=True
    )
    _empty_database()
    call_command("restore", str(path), stdout=StringIO())
    document = json.loads(gzip.decompress(path.read_bytes()))
    assert _differences(canonical_records(), document["data"]) == []
    assert Mission.objects.count() == 108
    assert "History chain intact" in _verify()


def _differences(restored: list[dict], backed_up: list[dict]) -> list[str]:
    """Name each record that differs: model, key and the fields that differ."""

    def by_key(records: list[dict]) -> dict[tuple[str, str], dict]:
        return {(r["model"], json.dumps(r["pk"])): r["fields"] for r in records}

    here, there = by_key(restored), by_key(backed_up)
    found = [f"{key} only in the backup" for key in there.keys() - here.keys()]
    found += [f"{key} only after the restore" for key in here.keys() - there.keys()]
    for key in sorted(here.keys() & there.keys()):
        for field in sorted(here[key].keys() | there[key].keys()):
            if here[key].get(field) != there[key].get(field):
                found.append(
                    f"{key} {field}: {here[key].get(field)!r} != {there[key].get(field)!r}"
                )
    return sorted(found)[:20]
