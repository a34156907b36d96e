"""Backups are portable: with NULs tried (and one left by an older GER), a SQLite
backup restores into PostgreSQL and a PostgreSQL backup restores into SQLite."""

from __future__ import annotations

import gzip
import importlib
import json
import os
import subprocess
import sys
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from ger.plans.models import Mission
from tests.security.test_backup_and_integrity import _empty_database

pytestmark = pytest.mark.django_db

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
GER = [sys.executable, "-m", "ger"]

# Run inside the SQLite copy: NULs tried through the API and an import are refused;
# then one written straight to the table, as GER before issue 21 let it happen.
TRY_NULS = """
import json
from django.test import Client
from ger.plans.models import Mission
client = Client()
assert client.get("/api/v1/missions/%00").status_code == 404
assert client.get("/api/v1/missions?search=%00").status_code == 422
Mission.objects.filter(slug="chandrayaan-3").update(name="Chandra\\x00yaan-3")
"""


def sqlite_env(tmp_path, name: str) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "true",
        "GER_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / name}",
    }


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*GER, *args], env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.skipif(
    not ON_POSTGRES, reason="moving between the databases needs the PostgreSQL run"
)
def test_a_sqlite_backup_with_nuls_tried_restores_into_postgresql_and_back(
    db, tmp_path, write_file
):
    source = sqlite_env(tmp_path, "source.sqlite3")
    assert run("migrate", "-v0", env=source).returncode == 0
    assert run("seed", "-v0", env=source).returncode == 0
    bad = write_file("nul.yaml", 'goals:\n  - {code: GX, title: "a\\0b"}\n')
    refused = run("import", str(bad), env=source)
    assert refused.returncode != 0
    assert "NUL character" in refused.stderr
    shell = run("shell", "-c", TRY_NULS, env=source)
    assert shell.returncode == 0, shell.stderr
    backup = tmp_path / "from-sqlite.json.gz"
    assert run("backup", str(backup), env=source).returncode == 0

    _empty_database()
    call_command("restore", str(backup), stdout=StringIO())
    assert Mission.objects.get(slug="chandrayaan-3").name == "Chandrayaan-3"
    verified = StringIO()
    call_command("verify", stdout=verified)
    assert "History chain intact" in verified.getvalue()

    again = tmp_path / "from-postgres.json.gz"
    call_command("backup", str(again), stdout=StringIO())
    target = sqlite_env(tmp_path, "target.sqlite3")
    assert run("migrate", "-v0", env=target).returncode == 0
    restored = run("restore", str(again), env=target)
    assert restored.returncode == 0, restored.stderr
    checked = run("verify", env=target)
    assert checked.returncode == 0, checked.stderr
    count = run(
        "shell",
        "-c",
        "from ger.plans.models import Mission; print(Mission.objects.count())",
        env=target,
    )
    assert int(count.stdout.split()[-1]) == Mission.objects.count()


def test_restore_cleans_nuls_but_refuses_them_in_hashed_records_on_postgresql(
    cast_data, tmp_path
):
    path = tmp_path / "ger.json.gz"
    call_command("backup", str(path), stdout=StringIO())
    document = json.loads(gzip.decompress(path.read_bytes()))
    for record in document["data"]:
        if record["model"] == "plans.mission" and record["fields"]["slug"] == (
            "nasa-rover"
        ):
            record["fields"]["name"] = "NASA\x00 Rover"
    from ger.dataset.backup import _digest

    document["sha256"] = _digest(document["data"])
    dirty = tmp_path / "dirty.json.gz"
    dirty.write_bytes(gzip.compress(json.dumps(document).encode()))
    _empty_database()
    call_command("restore", str(dirty), stdout=StringIO())
    assert Mission.objects.get(slug="nasa-rover").name == "NASA Rover"

    if connection.vendor != "postgresql":
        return  # SQLite could store a NUL in a revision; PostgreSQL cannot
    for record in document["data"]:
        if record["model"] == "history.revision":
            record["fields"]["note"] = "a\x00b"
            break
    document["sha256"] = _digest(document["data"])
    dirty.write_bytes(gzip.compress(json.dumps(document).encode()))
    _empty_database()
    with pytest.raises(CommandError, match="holds a NUL character"):
        call_command("restore", str(dirty), stdout=StringIO())
    assert not Mission.objects.exists()


@pytest.mark.skipif(ON_POSTGRES, reason="PostgreSQL never stored a NUL")
def test_the_migration_removes_nuls_left_in_sqlite(cast_data):
    Mission.objects.filter(slug="nasa-rover").update(
        name="NASA\x00 Rover", aliases=["a\x00b"]
    )
    migration = importlib.import_module(
        "ger.plans.migrations.0003_remove_nul_characters"
    )
    migration.remove_nul_characters(apps, SimpleNamespace(connection=connection))
    mission = Mission.objects.get(slug="nasa-rover")
    assert mission.name == "NASA Rover"
    assert mission.aliases == ["ab"]
