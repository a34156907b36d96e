"""`make run` starts the task worker beside the server, and one Ctrl-C stops both."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The shortest edition with missions (nine): the worker's run is what is checked.
EDITION = "2020-supplement-e1"
QUEUE_A_BUILD = f"""
from ger.editions.models import Edition
from ger.publishing.services import request_build
print(request_build(Edition.objects.get(slug="{EDITION}"), None).pk)
"""


def read_the_run(database: Path, pk: int) -> dict[str, str]:
    """Read the build run from the database file (a Django shell costs a second)."""
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        row = connection.execute(
            "SELECT state, error, log FROM publishing_buildrun WHERE id = ?", (pk,)
        ).fetchone()
    assert row is not None, f"no build run {pk} in {database}"
    return {"state": row[0], "error": row[1], "log": row[2]}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _reset_interrupt() -> None:
    # As in a terminal: Ctrl-C reaches the whole foreground process group.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_a_build_queued_under_make_run_completes_and_ctrl_c_stops_everything(
    tmp_path: Path,
):
    port = free_port()
    database = tmp_path / "run.sqlite3"
    env = {
        **os.environ,
        "GER_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{database}",
    }
    make = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=_reset_interrupt,  # no threads here
    )
    ger = [sys.executable, "-m", "ger", "shell", "-c"]
    shell_env = {**env, "DEBUG": "true"}
    try:
        for _ in range(900):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        queued = subprocess.run(
            [*ger, QUEUE_A_BUILD], env=shell_env, capture_output=True, text=True
        )
        assert queued.returncode == 0, queued.stderr
        pk = int(queued.stdout.strip().splitlines()[-1])
        state: dict[str, str] = {}
        for _ in range(240):
            state = read_the_run(database, pk)
            if state["state"] in ("succeeded", "failed"):
                break
            time.sleep(0.5)
        assert state["state"] == "succeeded", state
        assert "started by a worker" in state["log"]
        assert (tmp_path / "builds" / EDITION / "roadmap.pdf").is_file()
    finally:
        os.killpg(make.pid, signal.SIGINT)
        try:
            make.wait(timeout=20)
        finally:
            listed = subprocess.run(
                ["ps", "-o", "pid=,stat=,args=", "-g", str(make.pid)],
                capture_output=True,
                text=True,
            ).stdout.splitlines()
            # A zombie has exited already; only its parent has not read its status.
            left = "\n".join(line for line in listed if line.split()[1][0] != "Z")
            if left:
                os.killpg(make.pid, signal.SIGKILL)
    assert left == "", f"still running after Ctrl-C: {left}"
