"""Constants, processes and small helpers of the read-path benchmark."""

from __future__ import annotations

import atexit
import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
README = BENCH / "README.md"
LUA = BENCH / "wrk_rotate.lua"
PYTHON = sys.executable
VENV_BIN = Path(PYTHON).parent
CONNECTIONS = (1, 8, 32)
POSTGRES = "postgres://postgres@127.0.0.1:5432"
# GER_BENCH_REDIS_URL: another Redis database (on a shared machine).
REDIS_URL = os.environ.get("GER_BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
# GER_BENCH_DATABASE_PREFIX: the names of the throwaway PostgreSQL databases.
DATABASE_PREFIX = os.environ.get("GER_BENCH_DATABASE_PREFIX", "ger_bench")
PHASES = ("served", "edition", "rendered", "static", "sweep")
SECRET = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
MARKER = "read-path"
# A session cookie (of no session) makes GER render instead of using its cache.
RENDER_AFRESH = "Cookie: sessionid=bench-render-afresh"
SEARCH_TERMS = {
    "real": ["artemis", "south pole", "gateway", "sample return", "mars", "rover"],
    "synthetic": [
        "nrho",
        "south pole",
        "far side",
        "mars surface",
        "site 12",
        "syn017",
    ],
}
_started: list[subprocess.Popen[bytes]] = []


# --------------------------------------------------------------------- utilities


def log(message: str) -> None:
    print(f"[read-path {time.strftime('%H:%M:%S')}] {message}", flush=True)


_HANDED_OUT: set[int] = set()


def free_port() -> int:
    """Return a free loopback port, never the same twice in a run.

    ``GER_BENCH_PORTS=8140-8149`` keeps the servers on ports set aside for them (on
    a shared machine); without it, any free port.
    """
    ports = os.environ.get("GER_BENCH_PORTS", "")
    first, _, last = ports.partition("-")
    candidates = range(int(first), int(last or first) + 1) if ports else range(1)
    for port in candidates:
        if port in _HANDED_OUT:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            found = int(probe.getsockname()[1])
        _HANDED_OUT.add(found)
        return found
    raise RuntimeError(f"no free port left in GER_BENCH_PORTS={ports}")


def run(
    command: list[str], env: dict[str, str] | None = None, timeout: float = 600
) -> str:
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed ({result.returncode}):\n"
            f"{result.stderr[-3000:]}"
        )
    return result.stdout


def start(
    command: list[str], env: dict[str, str], out: Path
) -> subprocess.Popen[bytes]:
    handle = out.open("wb")
    process = subprocess.Popen(
        command,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    _started.append(process)
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server we started (its whole process group), politely then firmly."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@atexit.register
def _stop_all() -> None:
    for process in _started:
        stop(process)


def wait_ready(
    port: int,
    path: str,
    process: subprocess.Popen[bytes] | None = None,
    seconds: float = 120,
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{' '.join(map(str, process.args))[:200]} exited")
        with contextlib.suppress(OSError, http.client.HTTPException):
            status, _body = get(port, path)
            if status < 500:
                return
        time.sleep(0.3)
    raise RuntimeError(f"nothing answered {path} on port {port} in {seconds:.0f} s")


def get(
    port: int,
    path: str,
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def version_of(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return "not found"
    text = (result.stdout + result.stderr).strip().splitlines()
    return text[0] if text else "unknown"


# ------------------------------------------------------------- tools and services


def ensure_tools() -> None:
    """Install wrk and nginx (Debian) and Datasette (the bench extra) when missing."""
    missing = [name for name in ("wrk", "nginx") if not executable(name)]
    if missing:
        if os.geteuid() != 0:
            raise SystemExit(
                f"install {', '.join(missing)}: apt-get install -y {' '.join(missing)}"
            )
        log(f"installing {', '.join(missing)} with apt-get")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run(["apt-get", "update", "-qq"], env=env, timeout=900)
        run(["apt-get", "install", "-y", "-qq", *missing], env=env, timeout=900)
    if not (VENV_BIN / "datasette").exists():
        log("installing Datasette (the bench extra of pyproject.toml)")
        run(
            [PYTHON, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[bench]"],
            timeout=900,
        )


def executable(name: str) -> str | None:
    return shutil.which(name) or next(
        (
            str(p)
            for p in (Path("/usr/sbin") / name, Path("/usr/bin") / name)
            if p.exists()
        ),
        None,
    )


def postgres_available() -> bool:
    if not shutil.which("psql"):
        return False
    try:
        run(["psql", f"{POSTGRES}/postgres", "-Atc", "select 1"], timeout=20)
    except (RuntimeError, subprocess.TimeoutExpired):
        return False
    return True


def redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def flush_redis() -> None:
    """Empty the bench's own Redis database (``REDIS_URL``'s), not the others."""
    number = int(REDIS_URL.rstrip("/").rsplit("/", 1)[1] or 0)
    with socket.create_connection(("127.0.0.1", 6379), timeout=2) as sock:
        sock.sendall(f"SELECT {number}\r\nFLUSHDB\r\n".encode())
        sock.recv(64)


# ------------------------------------------------------------------ the data sets
