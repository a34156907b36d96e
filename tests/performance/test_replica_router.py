"""Reads go to a read replica; writes, and reads after a write, to the primary.

A second local PostgreSQL database stands in for the replica: a copy of the
primary (``createdb -T``) in which one row then differs, with no replication, so
every answer shows which database it came from. It runs in processes of its own
(``replica_probe.py``), configured only through ``DATABASE_REPLICA_URLS``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

PROBE = Path(__file__).with_name("replica_probe.py")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = DATABASE_URL.startswith(("postgres://", "postgresql://"))


def run_probe(env: dict[str, str], *args: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, str(PROBE), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    line = next(x for x in result.stdout.splitlines() if x.startswith("PROBE "))
    found: dict[str, object] = json.loads(line.removeprefix("PROBE "))
    return found


def server_options() -> list[str]:
    url = urllib.parse.urlsplit(DATABASE_URL)
    options = ["-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432)]
    return [*options, "-U", url.username] if url.username else options


def database_url(name: str) -> str:
    return urllib.parse.urlsplit(DATABASE_URL)._replace(path=f"/{name}").geturl()


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"REDIS_URL", "DATABASE_REPLICA_URLS", "GER_BENCH"}
    }
    env.update({"DEBUG": "true", "GER_VAR_DIR": str(tmp_path)})
    return env


@pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="needs DATABASE_URL=postgres://… (a second local database is the replica)",
)
def test_reads_go_to_the_replica_and_writes_and_reads_after_them_to_the_primary(
    environment,
):
    primary = f"ger_perf_router_primary_{os.getpid()}"
    replica = f"ger_perf_router_replica_{os.getpid()}"
    server = server_options()
    subprocess.run(["createdb", *server, primary], check=True)
    try:
        setup = run_probe(
            {**environment, "DATABASE_URL": database_url(primary)}, "setup"
        )
        subprocess.run(["createdb", *server, "-T", primary, replica], check=True)
        subprocess.run(
            [
                "psql",
                *server,
                "-q",
                "-d",
                replica,
                "-c",
                "UPDATE registry_agency SET name = 'Name in the replica' "
                "WHERE code = 'JAXA'; UPDATE search_searchentry SET title = "
                "'JAXA zyzzyva' WHERE kind = 'agency' AND key = 'JAXA'",
            ],
            check=True,
        )
        seen = run_probe(
            {
                **environment,
                "DATABASE_URL": database_url(primary),
                "DATABASE_REPLICA_URLS": database_url(replica),
            },
            "probe",
            str(setup["token"]),
        )
    finally:
        for name in (replica, primary):
            subprocess.run(
                ["dropdb", *server, "--if-exists", "--force", name],
                check=False,
                capture_output=True,
            )
    assert seen["aliases"] == ["default", "replica1"]
    assert seen["routers"] == ["ger.routers.PrimaryReplicaRouter"]
    assert seen["replica_name"] == replica
    # A request that only reads is served by the replica.
    assert seen["agency_name"] == "Name in the replica"
    assert seen["search_hits"] == ["/agencies/jaxa/"]
    # A write goes to the primary, and the same request reads it back from there.
    assert seen["patch_status"] == 200
    assert seen["patch_answer_name"] == "Artemis III (changed on the primary)"
    assert seen["primary_name"] == "Artemis III (changed on the primary)"
    # The next request reads the replica again (which never got the change here).
    assert seen["next_request_name"] != "Artemis III (changed on the primary)"
    # The rules themselves.
    assert seen["read_alias"] == "replica1"
    assert seen["session_read_alias"] == "default"
    assert seen["read_alias_in_transaction"] == "default"
    assert seen["pinned_before_write"] is False
    assert seen["pinned_after_write"] is True
    assert seen["read_alias_after_write"] == "default"
    assert seen["reads_own_write"] is True
    assert seen["replica_has_write"] is False
    assert seen["migrate_replica"] is False
    assert seen["migrate_primary"] is True


def test_replica_urls_must_be_postgresql(environment):
    result = subprocess.run(
        [sys.executable, "-m", "ger", "check"],
        env={**environment, "DATABASE_REPLICA_URLS": "sqlite:///replica.sqlite3"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "DATABASE_REPLICA_URLS" in result.stderr


def test_without_replicas_there_is_no_router():
    from django.conf import settings

    assert os.environ.get("DATABASE_REPLICA_URLS") is None
    assert settings.DATABASE_ROUTERS == []
    assert not [alias for alias in settings.DATABASES if alias != "default"]
