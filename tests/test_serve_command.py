from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def production_env(tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "test-only-secret-key-for-the-serve-command-test-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
        "GER_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
    }
    ger = [sys.executable, "-m", "ger"]
    subprocess.run([*ger, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*ger, "seed", "-v0"], env=env, check=True, capture_output=True)
    return env


def test_ger_serve_runs_gunicorn_in_production_settings(production_env):
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ger",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        env=production_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        body = ""
        for _ in range(300):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/agencies/", timeout=2
                ) as response:
                    assert response.status == 200
                    assert response.headers["X-Frame-Options"] == "DENY"
                    body = response.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert body.count('<th scope="row"><a href="/agencies/') == 27
        assert "/static/ger/site." in body
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "GER_WORKERS='abc' is not a whole number."),
        ("0", "GER_WORKERS=0 is below the minimum of 1."),
    ],
)
def test_a_bad_worker_count_is_one_clear_line_not_a_traceback(value, message):
    env = {**os.environ, "DEBUG": "true", "GER_WORKERS": value}
    result = subprocess.run(
        [sys.executable, "-m", "ger", "serve", "--help"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == f"ger: configuration error: {message}\n"
    assert "Traceback" not in result.stderr


def test_serve_takes_its_defaults_from_the_typed_settings():
    env = {
        **os.environ,
        "DEBUG": "true",
        "GER_WORKERS": "3",
        "GER_BIND": "127.0.0.1:8141",
    }
    script = (
        "import django; django.setup();"
        "from ger.web.management.commands.serve import Command;"
        "p = Command().create_parser('ger', 'serve');"
        "o = p.parse_args([]); print(o.bind, o.workers)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "ger.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["127.0.0.1:8141", "3"]
