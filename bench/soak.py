"""A bounded soak: 60 s of mixed reads and writes at 32 connections on PostgreSQL.

It starts `ger serve` (gunicorn, 5 sync workers) on a throwaway PostgreSQL database
on 127.0.0.1, loads the bundled data, gives four agency editors API tokens, then 32
client threads (loopback only) read lists, details and search and change missions
with If-Match for DURATION seconds. It checks: no error but the expected 412s, every
accepted write in the history (no lost write), the history chain intact, and the
server's memory over time. Results go to bench/results/soak-*.json and bench/README.md.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
README = BENCH / "README.md"
DURATION = float(os.environ.get("GER_SOAK_SECONDS", "60"))
CONNECTIONS = 32
WORKERS = 5
EDITORS = {
    "NASA": ["artemis-iv", "lunar-vise", "artemis-iii"],
    "JAXA": ["slim", "lupex"],
    "ESA": ["argonaut", "lunar-pathfinder"],
    "CNSA": ["chang-e-7", "chang-e-8", "ilrs"],
}
MARK_START, MARK_END = "<!-- soak:start -->", "<!-- soak:end -->"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def ger(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "ger", *args],
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout if capture else ""


def rss_kib(root: int) -> int:
    """Return the resident memory of a process and its children, in KiB."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1)
                for line in status.read_text().splitlines()
                if ":" in line
            )
        except OSError:
            continue
        pid, parent = int(fields.get("Pid", "0")), int(fields.get("PPid", "0"))
        if pid == root or parent == root:
            total += int(fields.get("VmRSS", "0 kB").split()[0])
    return total


class Client(threading.Thread):
    """One connection: a loop of weighted reads and writes until the deadline."""

    def __init__(
        self, port: int, deadline: float, tokens: dict[str, str], seed: int
    ) -> None:
        super().__init__(daemon=True)
        self.port, self.deadline, self.tokens = port, deadline, tokens
        self.random = random.Random(seed)
        self.statuses: Counter[str] = Counter()
        self.accepted: list[tuple[str, str]] = []
        self.latencies: list[float] = []

    def request(
        self,
        connection: http.client.HTTPConnection,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        self.latencies.append(time.perf_counter() - started)
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        while time.monotonic() < self.deadline:
            roll = self.random.random()
            try:
                if roll < 0.8:
                    path = self.random.choice(
                        [
                            "/api/v1/missions?limit=50",
                            "/api/v1/missions?destination=lunar-surface",
                            "/api/v1/missions/lupex",
                            "/api/v1/missions?search=artemis",
                            "/api/v1/agencies?member=true",
                            "/missions/",
                            "/missions/slim/",
                        ]
                    )
                    status, _, _ = self.request(connection, "GET", path)
                    self.statuses[f"GET {status}"] += 1
                else:
                    agency = self.random.choice(list(EDITORS))
                    slug = self.random.choice(EDITORS[agency])
                    status, headers, _ = self.request(
                        connection, "GET", f"/api/v1/missions/{slug}"
                    )
                    note = f"soak {self.name} {time.monotonic():.6f}"
                    body = json.dumps({"planned_launch_note": note}).encode()
                    status, _, _ = self.request(
                        connection,
                        "PATCH",
                        f"/api/v1/missions/{slug}",
                        body,
                        {
                            "Content-Type": "application/json",
                            "If-Match": headers.get("etag", ""),
                            "Authorization": f"Bearer {self.tokens[agency]}",
                        },
                    )
                    self.statuses[f"PATCH {status}"] += 1
                    if status == 200:
                        self.accepted.append((slug, note))
            except (OSError, http.client.HTTPException) as error:
                self.statuses[f"error {type(error).__name__}"] += 1
                connection.close()
                connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=30
                )
        connection.close()


def main() -> dict[str, Any]:
    name = f"ger_soak_{os.getpid()}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    var = Path(tempfile.mkdtemp(prefix="ger-soak-"))
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "soak-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
        "GER_VAR_DIR": str(var),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
        "REDIS_URL": "redis://127.0.0.1:6379/5",
        # One loopback address plays 32 clients: lift the per-address rate limit.
        "GER_API_ANONYMOUS_RATE": "1000000/m",
        "GER_API_TOKEN_RATE": "1000000/m",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    server = None
    try:
        ger(env, "migrate", "-v0")
        ger(env, "seed", "-v0")
        tokens = {}
        for agency in EDITORS:
            email = f"soak@{agency.lower()}.test"
            ger(
                env,
                "adduser",
                email,
                "--role",
                "editor",
                "--agency",
                agency,
                capture=True,
            )
            tokens[agency] = ger(
                env, "token", email, "--name", "soak", capture=True
            ).splitlines()[0]
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
                str(WORKERS),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(600):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request(
                    "GET", "/api/v1/goals"
                )
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(1)
        deadline = time.monotonic() + DURATION
        clients = [Client(port, deadline, tokens, seed) for seed in range(CONNECTIONS)]
        memory: list[tuple[float, int]] = []
        started = time.monotonic()
        for client in clients:
            client.start()
        while any(client.is_alive() for client in clients):
            memory.append((round(time.monotonic() - started, 1), rss_kib(server.pid)))
            time.sleep(2)
        for client in clients:
            client.join()
        statuses: Counter[str] = Counter()
        for client in clients:
            statuses.update(client.statuses)
        accepted = [item for client in clients for item in client.accepted]
        check = (
            "import json; from ger.history.models import Revision; "
            "print(json.dumps(sorted(r.changes['planned_launch_note']['after'] for r in "
            "Revision.objects.filter(action='update') if 'planned_launch_note' in r.changes)))"
        )
        recorded = json.loads(
            ger(env, "shell", "-c", check, capture=True).strip().splitlines()[-1]
        )
        verify = subprocess.run(
            [sys.executable, "-m", "ger", "verify"],
            env=env,
            capture_output=True,
            text=True,
        )
        latencies = sorted(t for client in clients for t in client.latencies)
        errors = {
            k: v
            for k, v in statuses.items()
            if not (k.endswith(" 200") or k == "PATCH 412")
        }
        # Growth after the warm-up (workers load code on their first requests).
        first, last = (
            memory[len(memory) // 4][1] if memory else 0,
            memory[-1][1] if memory else 0,
        )
        return {
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "duration_s": DURATION,
            "connections": CONNECTIONS,
            "workers": WORKERS,
            "database": "PostgreSQL",
            "cache": "Redis",
            "requests": sum(statuses.values()),
            "requests_per_s": round(sum(statuses.values()) / DURATION, 1),
            "statuses": dict(sorted(statuses.items())),
            "unexpected": errors,
            "accepted_writes": len(accepted),
            "writes_in_history": len(recorded),
            "lost_writes": len({note for _, note in accepted} - set(recorded)),
            "history_verified": verify.returncode == 0,
            "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1)
            if latencies
            else None,
            "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 1)
            if latencies
            else None,
            "memory_kib": memory,
            "memory_growth_kib": last - first,
        }
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name],
            check=False,
        )


def write(result: dict[str, Any]) -> None:
    RESULTS.mkdir(exist_ok=True)
    stamp = result["when"].replace(":", "").replace("-", "")[:15]
    (RESULTS / f"soak-{stamp}.json").write_text(json.dumps(result, indent=2) + "\n")
    table = "\n".join(
        [
            MARK_START,
            f"Last run {result['when']}: {result['duration_s']:.0f} s, {result['connections']} connections, "
            f"{result['workers']} gunicorn workers, {result['database']} + {result['cache']}.",
            "",
            "| requests | req/s | p50 | p99 | accepted writes | 412 (stale) | lost writes | other errors | history chain | memory growth |",
            "|---|---|---|---|---|---|---|---|---|---|",
            f"| {result['requests']} | {result['requests_per_s']} | {result['p50_ms']} ms | {result['p99_ms']} ms | "
            f"{result['accepted_writes']} | {result['statuses'].get('PATCH 412', 0)} | {result['lost_writes']} | "
            f"{sum(result['unexpected'].values())} | {'intact' if result['history_verified'] else 'BROKEN'} | "
            f"{result['memory_growth_kib'] / 1024:+.1f} MiB |",
            MARK_END,
        ]
    )
    text = README.read_text() if README.exists() else ""
    if MARK_START in text:
        before, rest = text.split(MARK_START, 1)
        text = before + table + rest.split(MARK_END, 1)[1]
    else:
        text += (
            "\n## Soak: mixed reads and writes on PostgreSQL (`bench/soak.py`)\n\n"
            + table
            + "\n"
        )
    README.write_text(text)


if __name__ == "__main__":
    outcome = main()
    write(outcome)
    print(json.dumps({k: v for k, v in outcome.items() if k != "memory_kib"}, indent=2))
    ok = (
        not outcome["unexpected"]
        and outcome["lost_writes"] == 0
        and outcome["history_verified"]
    )
    raise SystemExit(0 if ok else 1)
