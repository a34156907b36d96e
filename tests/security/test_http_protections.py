from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "roadmap.example.org",
    "SECURE_SSL_REDIRECT": "true",
}


def test_the_deployment_checks_pass_with_production_settings(tmp_path):
    env = {**os.environ, **PRODUCTION, "GER_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "-m", "ger", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_checks_pass_behind_a_trusted_tls_proxy(tmp_path):
    """The documented production set-up: the proxy redirects to HTTPS (no W008)."""
    env = {
        **os.environ,
        **PRODUCTION,
        "GER_VAR_DIR": str(tmp_path),
        "GER_TRUSTED_PROXIES": "127.0.0.1",
    }
    env.pop("SECURE_SSL_REDIRECT")
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    check = [
        sys.executable,
        "-m",
        "ger",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    ]
    result = subprocess.run(check, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    # With neither a proxy nor a redirect, the check says what is missing.
    env.pop("GER_TRUSTED_PROXIES")
    alone = subprocess.run(check, env=env, capture_output=True, text=True, check=False)
    assert alone.returncode != 0
    assert "security.W008" in alone.stdout + alone.stderr


def test_pages_carry_the_security_headers(client, base_data):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(
        part.strip().split(" ", 1) for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_no_page_has_an_inline_script(client, base_data):
    for url in ("/", "/missions/", "/timeline/", "/api/v1/docs", "/accounts/login/"):
        body = client.get(url).content.decode()
        for chunk in body.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)


def test_oversized_bodies_are_refused_with_413(client, base_data, settings):
    settings.GER_MAX_BODY_BYTES = 10_000
    big = json.dumps({"name": "x" * 20_000})
    api = client.post("/api/v1/missions", data=big, content_type="application/json")
    assert api.status_code == 413
    assert api.json()["error"]["code"] == "too_large"
    web = client.post(
        "/accounts/login/", data={"username": "x" * 20_000, "password": "y"}
    )
    assert web.status_code == 413


def test_sessions_expire(settings):
    assert 0 < settings.SESSION_COOKIE_AGE <= 24 * 3600


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="stopping and starting a database server needs the PostgreSQL run",
)
def test_a_missing_database_answers_503_and_the_site_recovers(tmp_path):
    """The server starts against a database that does not exist yet, then it appears."""
    name = f"ger_outage_{os.getpid()}"
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    env = {
        **os.environ,
        **PRODUCTION,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "DATABASE_URL": url,
        "GER_VAR_DIR": str(tmp_path),
    }
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
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        status = 0
        for _ in range(300):
            try:
                status, body, headers = get(f"http://127.0.0.1:{port}/agencies/")
                break
            except OSError:
                time.sleep(0.1)
        assert status == 503
        assert "temporarily unavailable" in body
        assert headers["Retry-After"] == "60"
        api_status, api_body, _ = get(f"http://127.0.0.1:{port}/api/v1/agencies")
        assert api_status == 503
        assert json.loads(api_body)["error"]["code"] == "unavailable"
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True
        )
        subprocess.run(
            [sys.executable, "-m", "ger", "migrate", "-v0"], env=env, check=True
        )
        status, _, _ = get(f"http://127.0.0.1:{port}/agencies/")
        assert status == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name],
            check=False,
        )


KILLED_WRITER = """
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ger.settings")
import django
django.setup()
from django.db import transaction
from ger.dataset.writing import load_files
from pathlib import Path
with transaction.atomic():
    from ger.dataset.reading import read_files
    from ger.dataset.references import check_references
    from ger.dataset.writing import write_dataset
    dataset = read_files([Path(sys.argv[1])])
    check_references(dataset)
    write_dataset(dataset)
    print("written, not committed", flush=True)
    time.sleep(60)
"""


def test_a_writer_killed_mid_transaction_leaves_nothing_half_written(tmp_path):
    env = {**os.environ, "DEBUG": "true", "GER_VAR_DIR": str(tmp_path)}
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'killed.sqlite3'}"
    subprocess.run([sys.executable, "-m", "ger", "migrate", "-v0"], env=env, check=True)
    data = Path(__file__).resolve().parents[2] / "src" / "ger" / "data"
    combined = tmp_path / "all.yaml"
    combined.write_text(
        "\n".join(
            p.read_text()
            for p in sorted(data.glob("*.yaml"))
            if p.name in {"agencies.yaml"}
        )
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(combined)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert "written, not committed" in writer.stdout.readline()
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    count = subprocess.run(
        [
            sys.executable,
            "-m",
            "ger",
            "shell",
            "-c",
            "from ger.registry.models import Agency, Membership; print(Agency.objects.count(), Membership.objects.count())",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert count.stdout.split()[-2:] == ["0", "0"]
