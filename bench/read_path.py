"""The read path, side by side: GER, Datasette, the framework's ceiling and nginx.

Run with ``make bench`` (or ``python bench/read_path.py [--datasets real,10000]``).
For each data set (the bundled real data; 10,000 synthetic missions with four
published editions) it builds the database on SQLite and on PostgreSQL (a throwaway
database on 127.0.0.1:5432, Redis on 127.0.0.1:6379 as the cache), exports the SQLite
database to a file that Datasette serves, and measures with Debian's ``wrk``, on
loopback only, at 1, 8 and 32 connections:

- GER under its production server (``ger serve``: gunicorn sync workers, production
  settings) and Datasette answering the same three requests: a filtered mission list
  (50 rows, JSON), a mission detail (JSON) and the full-text search (JSON);
- the framework's ceiling (``/bench/ceiling``, a trivial JSON view of the same
  project, mounted by ``GER_BENCH=true``) and a published edition's page (HTML) and
  snapshot (JSON);
- the edition's static export (``ger build``) served by nginx;
- the peak memory of each server's processes under that load;
- a latency sweep: p50 of every public page and API endpoint, rendered afresh (no
  server cache) and as served (from the cache), one request at a time.

Everything stops by itself; results go to ``bench/results/read-path-*.json`` and
the tables between the ``read-path`` markers of ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import datetime as dt
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
README = BENCH / "README.md"
LUA = BENCH / "wrk_rotate.lua"
PYTHON = sys.executable
VENV_BIN = Path(PYTHON).parent
CONNECTIONS = (1, 8, 32)
POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/11"
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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
    """Empty the bench's own Redis database (number 11), not the others."""
    with socket.create_connection(("127.0.0.1", 6379), timeout=2) as sock:
        sock.sendall(b"SELECT 11\r\nFLUSHDB\r\n")
        sock.recv(64)


# ------------------------------------------------------------------ the data sets


@dataclass
class Dataset:
    key: str  # "real" or the number of synthetic missions
    label: str
    workdir: Path
    sqlite_path: Path = Path()
    export_path: Path = Path()
    edition_slug: str = ""
    edition_code: str = ""
    plans_in_edition: int = 0
    missions: int = 0
    requests: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    sweep: list[str] = field(default_factory=list)
    static_dir: Path | None = None
    static_paths: dict[str, str] = field(default_factory=dict)
    static_note: str = ""

    @property
    def synthetic(self) -> bool:
        return self.key != "real"


def ger_env(var_dir: Path, database_url: str, redis: bool) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DATABASE_REPLICA_URLS"}
    }
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": SECRET,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_COOKIES": "false",
            "LOG_LEVEL": "WARNING",
            "GER_VAR_DIR": str(var_dir),
            "DATABASE_URL": database_url,
            "GER_BENCH": "true",
            # One address sends all the load: raise the per-address limit (the
            # limiter still counts every request, so its cost is measured).
            "GER_API_ANONYMOUS_RATE": "1000000000/m",
            "GER_API_TOKEN_RATE": "1000000000/m",
            "DJANGO_SETTINGS_MODULE": "ger.settings",
        }
    )
    if redis:
        env["REDIS_URL"] = REDIS_URL
    return env


def fill(dataset: Dataset, env: dict[str, str]) -> None:
    """Migrate and load the data set into the database ``env`` names."""
    ger = [PYTHON, "-m", "ger"]
    run([*ger, "migrate", "--noinput", "-v0"], env=env)
    if dataset.synthetic:
        run(
            [*ger, "synth", "--missions", dataset.key, "--seed", "1", "--index"],
            env=env,
        )
        run([PYTHON, str(BENCH / "synth_editions.py"), "--seed", "1"], env=env)
    else:
        run([*ger, "seed", "-v0"], env=env)


def export_for_datasette(dataset: Dataset) -> None:
    """Copy the SQLite database to a file with the same public tables (and FTS)."""
    target = dataset.workdir / "ger.db"
    target.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(dataset.sqlite_path)) as source:
        source.execute("VACUUM INTO ?", (str(target),))
    with contextlib.closing(sqlite3.connect(target)) as export:
        private = [
            name
            for (name,) in export.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND ("
                "name LIKE 'auth\\_%' ESCAPE '\\' OR name IN ('django_session', "
                "'django_admin_log', 'registry_apitoken', 'registry_userrole'))"
            )
        ]
        for name in private:
            export.execute(f'DROP TABLE "{name}"')
        export.commit()
        export.execute("VACUUM")
    dataset.export_path = target


def describe(dataset: Dataset) -> None:
    """Choose the requests of each kind, the same for GER and Datasette."""
    db = sqlite3.connect(dataset.export_path)
    rng = random.Random(1)
    dataset.missions = db.execute("SELECT count(*) FROM plans_mission").fetchone()[0]
    agencies = [
        code
        for (code,) in db.execute(
            "SELECT a.code FROM registry_agency a JOIN ("
            " SELECT lead_id AS agency_id FROM plans_mission UNION ALL"
            " SELECT agency_id FROM plans_missionpartner) x ON x.agency_id = a.id"
            " GROUP BY a.code ORDER BY count(*) DESC, a.code LIMIT 8"
        )
    ]
    slugs = [
        slug for (slug,) in db.execute("SELECT slug FROM plans_mission ORDER BY slug")
    ]
    slugs = rng.sample(slugs, min(200, len(slugs)))
    editions = db.execute(
        "SELECT e.slug, e.code, count(p.id) FROM editions_edition e "
        "LEFT JOIN editions_editionplan p ON p.edition_id = e.id "
        "WHERE e.status = 'published' GROUP BY e.id ORDER BY count(p.id) DESC, "
        "e.released_on DESC LIMIT 1"
    ).fetchone()
    if editions is not None:
        dataset.edition_slug, dataset.edition_code, dataset.plans_in_edition = editions
    top_agency_slug = db.execute(
        "SELECT slug FROM registry_agency WHERE code = ?", (agencies[0],)
    ).fetchone()[0]
    other = db.execute(
        "SELECT slug FROM editions_edition WHERE status = 'published' AND slug != ? "
        "ORDER BY released_on DESC LIMIT 1",
        (dataset.edition_slug,),
    ).fetchone()
    db.close()
    quote = urllib.parse.quote
    terms = SEARCH_TERMS["synthetic" if dataset.synthetic else "real"]
    dataset.requests = {
        "list": (
            [f"/api/v1/missions?agency={quote(code)}&limit=50" for code in agencies],
            [
                f"/ger/mission_list.json?agency={quote(code)}&_shape=array"
                for code in agencies
            ],
        ),
        "detail": (
            [f"/api/v1/missions/{slug}" for slug in slugs],
            [f"/ger/mission_detail.json?slug={slug}&_shape=array" for slug in slugs],
        ),
        "search": (
            [f"/search/?q={quote(term)}&format=json" for term in terms],
            [
                f"/ger/search.json?match={quote(fts_match(term))}&_shape=array"
                for term in terms
            ],
        ),
    }
    slug, code = dataset.edition_slug, dataset.edition_code
    first_slug = slugs[0]
    # Lists, endpoints and editions first; then the pages whose cost grows with the
    # data: a page that outlasts the limit keeps a worker busy for a while (until
    # gunicorn's timeout), which would otherwise delay the pages measured after it.
    dataset.sweep = [
        "/api/v1/missions?limit=50",
        f"/api/v1/missions?agency={quote(agencies[0])}&limit=50",
        "/api/v1/missions?status=planned&offset=500&limit=50",
        f"/api/v1/missions/{first_slug}",
        "/api/v1/agencies?limit=50",
        "/api/v1/editions",
        "/",
        "/agencies/",
        "/missions/",
        f"/missions/?agency={quote(agencies[0])}&crewed=false&ordering=-planned",
        "/missions/?page=3&status=planned",
        "/destinations/",
        "/editions/",
        f"/search/?q={quote(terms[1])}",
        "/about/",
    ]
    if slug:
        dataset.sweep += [
            f"/editions/{slug}/",
            f"/editions/{slug}/?format=json",
            f"/api/v1/editions/{code}",
            f"/api/v1/editions/{code}/snapshot",
        ]
    if slug and other:
        dataset.sweep.append(f"/api/v1/editions/{other[0]}/diff/{slug}")
    dataset.sweep += [
        "/api/v1/objectives",
        "/objectives/",
        f"/missions/{first_slug}/",
        "/destinations/lunar-surface/",
        f"/agencies/{top_agency_slug}/",
        "/analysis/coverage/",
        "/analysis/partnerships/",
        "/analysis/schedule/",
        "/timeline/",
    ]


def fts_match(text: str) -> str:
    """The FTS5 expression GER builds from a query (ger.search.queries)."""
    return " ".join(f'"{token}"*' for token in re.findall(r"\w+", text.lower())[:8])


# ------------------------------------------------------------------- Datasette

PARTNERS = """(SELECT json_group_array(json_object('agency', pa.code, 'role', p.role))
  FROM plans_missionpartner p JOIN registry_agency pa ON pa.id = p.agency_id
  WHERE p.mission_id = m.id)"""
DATASETTE_QUERIES = {
    # The rows and fields of GET /api/v1/missions?agency=X&limit=50, with the count.
    "mission_list": f"""WITH matching AS (
  SELECT m.id FROM plans_mission m JOIN registry_agency a ON a.id = m.lead_id
  WHERE a.code = :agency
  UNION
  SELECT p.mission_id FROM plans_missionpartner p
  JOIN registry_agency a ON a.id = p.agency_id WHERE a.code = :agency)
SELECT m.slug, m.name, m.aliases, lead.code AS lead, {PARTNERS} AS partners,
  d.slug AS destination, m.crewed, m.kind, m.status, m.confidence,
  m.planned_launch_on, m.planned_launch_precision, m.planned_launch_qualifier,
  m.planned_launch_note, m.actual_launch_on, m.actual_launch_precision, m.uncertain,
  m.version, (SELECT count(*) FROM matching) AS count
FROM plans_mission m
JOIN registry_agency lead ON lead.id = m.lead_id
JOIN plans_destination d ON d.id = m.destination_id
WHERE m.id IN (SELECT id FROM matching)
ORDER BY m.planned_launch_on, m.slug
LIMIT 50""",
    # Every field of GET /api/v1/missions/{slug}, relations as JSON arrays.
    "mission_detail": f"""SELECT m.*, lead.code AS lead, d.slug AS destination,
  {PARTNERS} AS partners,
  (SELECT json_group_array(json_object('edition', e.code, 'launch_on', ep.launch_on,
     'precision', ep.launch_precision, 'qualifier', ep.launch_qualifier,
     'statement', ep.statement, 'in_edition', ep.in_edition, 'basis', ep.basis,
     'status', ep.status))
   FROM editions_editionplan ep JOIN editions_edition e ON e.id = ep.edition_id
   WHERE ep.mission_id = m.id) AS plans,
  (SELECT json_group_array(json_object('mission', u.slug, 'kind', x.kind,
     'lag_months', x.lag_months, 'uncertain', x.uncertain))
   FROM plans_dependency x JOIN plans_mission u ON u.id = x.upstream_id
   WHERE x.downstream_id = m.id) AS depends_on,
  (SELECT json_group_array(json_object('mission', w.slug, 'kind', x.kind,
     'lag_months', x.lag_months, 'uncertain', x.uncertain))
   FROM plans_dependency x JOIN plans_mission w ON w.id = x.downstream_id
   WHERE x.upstream_id = m.id) AS enables,
  (SELECT json_group_array(json_object('code', o.code, 'basis', mo.basis))
   FROM plans_missionobjective mo JOIN objectives_objective o ON o.id = mo.objective_id
   WHERE mo.mission_id = m.id) AS objectives,
  (SELECT json_group_array(json_object('code', c.code, 'direction', mc.direction))
   FROM plans_missioncapability mc JOIN plans_capability c ON c.id = mc.capability_id
   WHERE mc.mission_id = m.id) AS capabilities,
  (SELECT json_group_array(json_object('url', s.url, 'title', s.title, 'date', s.dated,
     'about', s.about))
   FROM plans_missionsource s WHERE s.mission_id = m.id) AS sources
FROM plans_mission m
JOIN registry_agency lead ON lead.id = m.lead_id
JOIN plans_destination d ON d.id = m.destination_id
WHERE m.slug = :slug""",
    # GER's own FTS5 query (ger.search.queries._search_sqlite): rank, highlight,
    # snippet.
    "search": """SELECT e.kind, highlight(search_fts, 0, '<mark>', '</mark>') AS title,
  snippet(search_fts, 1, '<mark>', '</mark>', '…', 16) AS snippet, e.url,
  bm25(search_fts, 10.0, 1.0) AS score
FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid
WHERE search_fts MATCH :match ORDER BY score, e.title LIMIT 50""",
}
DATASETTE_SETTINGS = {
    "sql_time_limit_ms": 10000,
    "suggest_facets": False,
    "num_sql_threads": 3,
}


def datasette_metadata(dataset: Dataset) -> Path:
    path = dataset.workdir / "datasette-metadata.json"
    queries = {name: {"sql": sql} for name, sql in DATASETTE_QUERIES.items()}
    path.write_text(json.dumps({"databases": {"ger": {"queries": queries}}}))
    return path


def start_datasette(dataset: Dataset, mode: str) -> tuple[subprocess.Popen[bytes], int]:
    """Start Datasette in one of its two configurations; return it and its port."""
    port = free_port()
    metadata = datasette_metadata(dataset)
    env = {**os.environ}
    if mode == "serve":
        settings = [
            part
            for name, value in DATASETTE_SETTINGS.items()
            for part in (
                "--setting",
                name,
                str(value).lower() if isinstance(value, bool) else str(value),
            )
        ]
        command = [
            str(VENV_BIN / "datasette"),
            "serve",
            "-i",
            str(dataset.export_path),
            "--metadata",
            str(metadata),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            *settings,
        ]
    else:
        env.update(
            {
                "GER_BENCH_DATASETTE_DB": str(dataset.export_path),
                "GER_BENCH_DATASETTE_METADATA": str(metadata),
                "GER_BENCH_DATASETTE_SETTINGS": json.dumps(DATASETTE_SETTINGS),
            }
        )
        command = [
            PYTHON,
            "-m",
            "uvicorn",
            "datasette_asgi:app",
            "--app-dir",
            str(BENCH),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(os.cpu_count() or 2),
            "--no-access-log",
            "--log-level",
            "warning",
        ]
    process = start(command, env, dataset.workdir / f"datasette-{mode}.log")
    wait_ready(port, "/ger.json", process)
    return process, port


# --------------------------------------------------------------------- GER, nginx


def start_ger(
    var_dir: Path, env: dict[str, str], workers: int
) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    command = [
        PYTHON,
        "-m",
        "ger",
        "serve",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
    ]
    process = start(command, env, var_dir / f"ger-serve-{port}.log")
    wait_ready(port, "/bench/ceiling", process)
    return process, port


def static_export(dataset: Dataset, env: dict[str, str], port: int) -> None:
    """Build the edition's static export with ``ger build``, or save GER's pages."""
    out = dataset.workdir / "export"
    shutil.rmtree(out, ignore_errors=True)
    try:
        began = time.perf_counter()
        run(
            [PYTHON, "-m", "ger", "build", dataset.edition_slug, "--out", str(out)],
            env=env,
            timeout=300,
        )
        site = out / "site"
        data = sorted(site.glob("downloads/*-missions.json"))
        if not (site / "index.html").exists() or not data:
            raise RuntimeError("ger build wrote no index.html or missions JSON")
        dataset.static_dir = site
        dataset.static_paths = {
            "page": "/index.html",
            "json": "/" + str(data[0].relative_to(site)),
        }
        dataset.static_note = f"`ger build` ({time.perf_counter() - began:.1f} s)"
    except (RuntimeError, subprocess.TimeoutExpired) as problem:
        log(
            f"ger build unavailable ({str(problem).splitlines()[0]}); "
            "saving GER's pages"
        )
        site = out / "site"
        pages = {
            "page": f"/editions/{dataset.edition_slug}/index.html",
            "json": f"/api/v1/editions/{dataset.edition_slug}/snapshot.json",
        }
        for source, target in (
            (f"/editions/{dataset.edition_slug}/", pages["page"]),
            (f"/api/v1/editions/{dataset.edition_slug}/snapshot", pages["json"]),
        ):
            _status, body = get(port, source)
            path = site / target.lstrip("/")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body)
        dataset.static_dir, dataset.static_paths = site, pages
        dataset.static_note = "pages saved from the running GER (no `ger build`)"
    for folder in (dataset.workdir, out, *[p for p in out.rglob("*") if p.is_dir()]):
        folder.chmod(0o755)
    for path in out.rglob("*"):
        if path.is_file():
            path.chmod(0o644)


def start_nginx(dataset: Dataset) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    prefix = dataset.workdir / "nginx"
    prefix.mkdir(exist_ok=True)
    prefix.chmod(0o755)
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"""worker_processes {os.cpu_count() or 2};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {prefix}/access.log;
    sendfile on;
    tcp_nopush on;
    etag on;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {dataset.static_dir};
        location / {{
            add_header Cache-Control "public, max-age=31536000, immutable";
            try_files $uri $uri/index.html =404;
        }}
    }}
}}
"""
    )
    command = [
        executable("nginx") or "nginx",
        "-c",
        str(conf),
        "-p",
        str(prefix),
        "-g",
        "daemon off;",
    ]
    process = start(command, dict(os.environ), prefix / "stdout.log")
    wait_ready(port, dataset.static_paths["page"], process)
    return process, port


# ------------------------------------------------------------ measuring, memory


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, stack = [pid], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def memory_kib(pid: int) -> tuple[int, int]:
    """Return the proportional (PSS) and resident (RSS) KiB of one process."""
    pss = rss = 0
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
            elif line.startswith("Rss:"):
                rss = int(line.split()[1])
    return pss, rss


class MemoryWatch:
    """Sample the memory of a server's process tree while it is under load."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.pid = process.pid
        self.peak_pss = self.peak_rss = self.peak_process_rss = self.processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.wait(0.25):
            tree = descendants(self.pid)
            sizes = [memory_kib(pid) for pid in tree]
            self.peak_pss = max(self.peak_pss, sum(pss for pss, _ in sizes))
            self.peak_rss = max(self.peak_rss, sum(rss for _, rss in sizes))
            self.peak_process_rss = max(
                self.peak_process_rss, *(rss for _, rss in sizes)
            )
            self.processes = max(self.processes, len(tree))

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def result(self) -> dict[str, Any]:
        return {
            "processes": self.processes,
            "peak_pss_mib": round(self.peak_pss / 1024, 1),
            "peak_rss_mib": round(self.peak_rss / 1024, 1),
            "peak_rss_of_one_process_mib": round(self.peak_process_rss / 1024, 1),
        }


def wrk(
    port: int,
    paths: list[str],
    connections: int,
    seconds: float,
    header: str | None = None,
) -> dict[str, Any]:
    """Load ``paths`` in turn at ``connections``; return wrk's summary."""
    with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    env = {**os.environ, "WRK_PATHS": listing.name}
    if header:
        env["WRK_HEADER"] = header
    command = [
        executable("wrk") or "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{int(seconds)}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{port}",
    ]
    try:
        output = subprocess.run(
            command,
            env=env,
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        ).stdout
    finally:
        os.unlink(listing.name)
    line = next(line for line in output.splitlines() if line.startswith("WRK_JSON "))
    raw = json.loads(line.removeprefix("WRK_JSON "))
    seconds_taken = raw["duration_us"] / 1e6
    errors = sum(raw["errors"].values())
    return {
        "connections": connections,
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds_taken, 1),
        "p50_ms": round(raw["latency_us"]["p50"] / 1000, 2),
        "p90_ms": round(raw["latency_us"]["p90"] / 1000, 2),
        "p99_ms": round(raw["latency_us"]["p99"] / 1000, 2),
        "max_ms": round(raw["latency_us"]["max"] / 1000, 2),
        "mb_per_s": round(raw["bytes"] / seconds_taken / 1e6, 1),
        "errors": errors,
        "non_2xx_3xx": raw["errors"]["status"],
    }


def best_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Keep the run with the most requests per second (the machine is shared)."""
    kept = dict(max(runs, key=lambda run: float(run["rps"])))
    kept["runs_rps"] = [run["rps"] for run in runs]
    return kept


def load(
    port: int, paths: list[str], seconds: float, warm: float
) -> Iterator[dict[str, Any]]:
    for connections in CONNECTIONS:
        wrk(port, paths, connections, warm)
        yield wrk(port, paths, connections, seconds)


def etag(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.getheader("ETag") or ""
    finally:
        connection.close()


def sweep(
    port: int, paths: list[str], budget: float, limit: float, workers: int
) -> list[dict[str, Any]]:
    """p50 of each page one request at a time: rendered afresh, and as served.

    The first request is kept apart (it may compute what the plan generation then
    keeps: an analysis, a mission outlook); the p50 is of the requests after it. A
    page gets at least three more, more while the budget lasts; one slower than
    ``limit`` is noted as "> limit".
    """
    name, value = RENDER_AFRESH.split(": ", 1)
    modes = (("rendered", {name: value}), ("served", {}))
    # Every worker answers a few requests first (imports, templates, connections).
    for path in paths[:3] * 4 * workers:
        get(port, path, timeout=limit)
    rows = []
    for path in paths:
        row: dict[str, Any] = {"path": path}
        for mode, headers in modes:
            times: list[float] = []
            began = time.perf_counter()
            try:
                if mode == "served":
                    # Fill the cache; without Redis each worker has its own.
                    for _ in range(2 * workers):
                        get(port, path, headers, timeout=limit)
                while len(times) < 16:
                    start_one = time.perf_counter()
                    status, body = get(port, path, headers, timeout=limit)
                    times.append((time.perf_counter() - start_one) * 1000)
                    spent = time.perf_counter() - began
                    if spent > budget and len(times) >= 4:
                        break
            except TimeoutError:
                row[f"{mode}_p50_ms"] = None
                row["timed_out_after_s"] = limit
                log(f"  {path}: no answer in {limit:.0f} s ({mode})")
                time.sleep(1)
                break
            row[f"{mode}_first_ms"] = round(times[0], 1)
            row[f"{mode}_p50_ms"] = round(statistics.median(times[1:] or times), 1)
            row[f"{mode}_samples"] = len(times) - 1
            row["status"] = status
            row["bytes"] = len(body)
        row.setdefault("served_p50_ms", None)
        rows.append(row)
    return rows


def check_same_answers(dataset: Dataset, ger_port: int, ds_port: int) -> dict[str, Any]:
    """Check that GER and Datasette return the same rows for the same requests."""
    checked: dict[str, Any] = {}
    ger_paths, ds_paths = dataset.requests["list"]
    same = 0
    for ours, theirs in zip(ger_paths, ds_paths, strict=True):
        page = json.loads(get(ger_port, ours)[1])
        rows = json.loads(get(ds_port, theirs)[1])
        same += int(
            [m["slug"] for m in page["results"]] == [r["slug"] for r in rows]
            and (not rows or page["count"] == rows[0]["count"])
        )
    checked["list"] = f"{same}/{len(ger_paths)} identical pages and counts"
    ger_paths, ds_paths = dataset.requests["search"]
    same = 0
    for ours, theirs in zip(ger_paths, ds_paths, strict=True):
        hits = json.loads(get(ger_port, ours)[1])
        rows = json.loads(get(ds_port, theirs)[1])
        same += int([h["url"] for h in hits["results"]] == [r["url"] for r in rows])
    checked["search"] = f"{same}/{len(ger_paths)} identical result lists"
    ger_paths, ds_paths = dataset.requests["detail"]
    same = sum(
        int(
            json.loads(get(ger_port, ours)[1])["slug"]
            == json.loads(get(ds_port, theirs)[1])[0]["slug"]
        )
        for ours, theirs in list(zip(ger_paths, ds_paths, strict=True))[:20]
    )
    checked["detail"] = f"{same}/20 same mission"
    return checked


# ------------------------------------------------------------------- the phases


def measure_backend(
    dataset: Dataset,
    backend: str,
    env: dict[str, str],
    var_dir: Path,
    options: argparse.Namespace,
    datasette: tuple[int, str] | None,
    results: dict[str, Any],
) -> None:
    """Measure GER on one back end (and, when given, Datasette beside it)."""
    process, port = start_ger(var_dir, env, options.workers)
    try:
        for ours, _theirs in dataset.requests.values():
            for path in ours:
                get(port, path)
        if datasette is not None:
            results["same_answers"] = check_same_answers(dataset, port, datasette[0])
        if backend == "sqlite" and dataset.static_dir is None:
            static_export(dataset, env, port)
        phase: dict[str, Any] = {"ger": {}, "datasette": {}}
        with MemoryWatch(process) as watch:
            for kind, (ours, theirs) in dataset.requests.items():
                log(f"{dataset.label} / {backend}: {kind}")
                phase["ger"][kind] = []
                if datasette is not None:
                    phase["datasette"][kind] = []
                for connections in CONNECTIONS:
                    # GER and Datasette in turn, each best of options.repeat runs.
                    wrk(port, ours, connections, options.warm)
                    if datasette is not None:
                        wrk(datasette[0], theirs, connections, options.warm)
                    ger_runs, ds_runs = [], []
                    for _ in range(options.repeat):
                        ger_runs.append(wrk(port, ours, connections, options.seconds))
                        if datasette is not None:
                            ds_runs.append(
                                wrk(datasette[0], theirs, connections, options.seconds)
                            )
                    phase["ger"][kind].append(best_of(ger_runs))
                    if datasette is not None:
                        phase["datasette"][kind].append(best_of(ds_runs))
            log(f"{dataset.label} / {backend}: ceiling and published edition")
            # Interleaved at each connection count, so that the ceiling and what is
            # compared with it see the same load from the machine's other work.
            compared = {
                "ceiling": ["/bench/ceiling"],
                "edition page": [f"/editions/{dataset.edition_slug}/"],
                "edition JSON": [f"/api/v1/editions/{dataset.edition_slug}/snapshot"],
            }
            for kind in compared:
                phase["ger"][kind] = []
            for connections in CONNECTIONS:
                runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in compared}
                for paths in compared.values():
                    wrk(port, paths, connections, options.warm)
                for _ in range(options.repeat):
                    for kind, paths in compared.items():
                        runs[kind].append(
                            wrk(port, paths, connections, options.seconds)
                        )
                for kind in compared:
                    phase["ger"][kind].append(best_of(runs[kind]))
            # What a CDN or browser holding the snapshot pays to revalidate it.
            snapshot = f"/api/v1/editions/{dataset.edition_slug}/snapshot"
            tag = etag(port, snapshot)
            wrk(port, [snapshot], 32, options.warm, f"If-None-Match: {tag}")
            phase["ger"]["edition JSON, revalidated (304)"] = [
                wrk(port, [snapshot], 32, options.seconds, f"If-None-Match: {tag}")
            ]
            # The same requests with GER's server cache out of the way.
            phase["ger_rendered"] = {}
            for kind, (ours, _theirs) in dataset.requests.items():
                wrk(port, ours, 32, options.warm, RENDER_AFRESH)
                phase["ger_rendered"][kind] = [
                    wrk(port, ours, 32, options.seconds, RENDER_AFRESH)
                ]
        phase["ger_memory"] = watch.result()
        if not phase["datasette"]:
            del phase["datasette"]
        log(f"{dataset.label} / {backend}: latency sweep")
        phase["sweep"] = sweep(
            port,
            dataset.sweep,
            options.sweep_budget,
            options.sweep_limit,
            options.workers,
        )
        results[backend] = phase
    finally:
        stop(process)


def measure_datasette_config(
    dataset: Dataset, options: argparse.Namespace
) -> tuple[subprocess.Popen[bytes], int, str, dict[str, float]]:
    """Try Datasette's two configurations on the list request; keep the faster."""
    probes: dict[str, float] = {}
    for mode in ("serve", "uvicorn"):
        process, port = start_datasette(dataset, mode)
        try:
            paths = dataset.requests["list"][1]
            wrk(port, paths, 32, options.warm)
            probes[mode] = wrk(port, paths, 32, options.seconds)["rps"]
        finally:
            stop(process)
    best = max(probes, key=lambda mode: probes[mode])
    process, port = start_datasette(dataset, best)
    return process, port, best, probes


def measure_dataset(
    key: str, options: argparse.Namespace, root: Path, run_pg: bool
) -> dict[str, Any]:
    label = "real data" if key == "real" else f"{int(key):,} missions"
    dataset = Dataset(key=key, label=label, workdir=root / f"data-{key}")
    dataset.workdir.mkdir(parents=True)
    results: dict[str, Any] = {"label": label}
    # SQLite: build, export for Datasette, measure both side by side.
    log(f"{label}: building the SQLite database")
    var_dir = dataset.workdir / "sqlite"
    var_dir.mkdir()
    dataset.sqlite_path = var_dir / "ger.sqlite3"
    env = ger_env(var_dir, f"sqlite:///{dataset.sqlite_path}", redis=False)
    began = time.perf_counter()
    fill(dataset, env)
    results["load_seconds_sqlite"] = round(time.perf_counter() - began, 1)
    export_for_datasette(dataset)
    describe(dataset)
    results.update(
        missions=dataset.missions,
        edition=dataset.edition_code,
        plans_in_edition=dataset.plans_in_edition,
        requests={
            kind: {"ger": pair[0][:3], "datasette": pair[1][:3]}
            for kind, pair in dataset.requests.items()
        },
    )
    if options.datasette == "probe":
        log(f"{label}: choosing Datasette's faster configuration")
        ds_process, ds_port, mode, probes = measure_datasette_config(dataset, options)
    else:
        mode, probes = options.datasette, {}
        ds_process, ds_port = start_datasette(dataset, mode)
    results["datasette_config"] = {"chosen": mode, "probe_rps_list_32": probes}
    try:
        with MemoryWatch(ds_process) as ds_watch:
            measure_backend(
                dataset, "sqlite", env, var_dir, options, (ds_port, mode), results
            )
        results["datasette_memory"] = ds_watch.result()
        # Datasette's numbers are compared with both of GER's back ends.
        results["datasette"] = results["sqlite"].pop("datasette")
    finally:
        stop(ds_process)
    # nginx serving the static export.
    if dataset.static_dir is not None:
        log(f"{label}: nginx serving the static export")
        nginx, port = start_nginx(dataset)
        try:
            with MemoryWatch(nginx) as watch:
                results["nginx"] = {
                    kind: list(load(port, [path], options.seconds, options.warm))
                    for kind, path in dataset.static_paths.items()
                }
            results["nginx"]["memory"] = watch.result()
            results["nginx"]["source"] = dataset.static_note
            results["nginx"]["paths"] = dataset.static_paths
        finally:
            stop(nginx)
    # PostgreSQL with Redis as the cache.
    if run_pg:
        name = f"ger_bench_{os.getpid()}_{key}"
        log(f"{label}: building the PostgreSQL database {name}")
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name])
        try:
            flush_redis()
            pg_dir = dataset.workdir / "postgresql"
            pg_dir.mkdir()
            pg_env = ger_env(pg_dir, f"{POSTGRES}/{name}", redis=True)
            began = time.perf_counter()
            fill(dataset, pg_env)
            results["load_seconds_postgresql"] = round(time.perf_counter() - began, 1)
            run(["psql", f"{POSTGRES}/{name}", "-qc", "VACUUM ANALYZE"])
            measure_backend(
                dataset, "postgresql", pg_env, pg_dir, options, None, results
            )
        finally:
            subprocess.run(
                [
                    "dropdb",
                    "-h",
                    "127.0.0.1",
                    "-U",
                    "postgres",
                    "--if-exists",
                    "--force",
                    name,
                ],
                check=False,
                capture_output=True,
            )
            flush_redis()
    return results


def measure_large(key: str, options: argparse.Namespace, root: Path) -> dict[str, Any]:
    """At 100,000 missions: the latency sweep only (SQLite, no editions)."""
    label = f"{int(key):,} missions"
    dataset = Dataset(key=key, label=label, workdir=root / f"data-{key}")
    var_dir = dataset.workdir / "sqlite"
    var_dir.mkdir(parents=True)
    dataset.sqlite_path = dataset.export_path = var_dir / "ger.sqlite3"
    env = ger_env(var_dir, f"sqlite:///{dataset.sqlite_path}", redis=False)
    log(f"{label}: building the SQLite database (no editions)")
    began = time.perf_counter()
    ger = [PYTHON, "-m", "ger"]
    run([*ger, "migrate", "--noinput", "-v0"], env=env)
    run([*ger, "synth", "--missions", key, "--seed", "1", "--index"], env=env)
    results: dict[str, Any] = {
        "label": label,
        "load_seconds_sqlite": round(time.perf_counter() - began, 1),
    }
    describe(dataset)
    results["missions"] = dataset.missions
    process, port = start_ger(var_dir, env, options.workers)
    try:
        log(f"{label}: latency sweep")
        results["sqlite"] = {
            "sweep": sweep(
                port,
                dataset.sweep,
                options.sweep_budget,
                options.sweep_limit,
                options.workers,
            )
        }
    finally:
        stop(process)
    return results


# ------------------------------------------------------------------ the report


def machine() -> dict[str, Any]:
    sys.path.insert(0, str(BENCH))
    from environment import machine as base

    facts = base()
    facts.update(
        {
            "wrk": version_of([executable("wrk") or "wrk", "-v"]).split(" [")[0],
            "nginx": version_of([executable("nginx") or "nginx", "-v"]),
            "datasette": version_of([str(VENV_BIN / "datasette"), "--version"]),
            "gunicorn": version_of([PYTHON, "-m", "gunicorn", "--version"]),
            "postgresql": version_of(
                ["psql", f"{POSTGRES}/postgres", "-Atc", "show server_version"]
            ),
            "redis": version_of(["redis-server", "--version"]),
        }
    )
    return facts


def best(rows: list[dict[str, Any]], connections: int) -> dict[str, Any]:
    return next(row for row in rows if row["connections"] == connections)


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "n/a"


BACKENDS = {"sqlite": "SQLite", "postgresql": "PostgreSQL + Redis"}
READS = ("list", "detail", "search")


def heading(report: dict[str, Any]) -> list[str]:
    facts, options = report["machine"], report["options"]
    return [
        f"Measured {report['measured']} on {facts['host']} ({facts['cpus']} CPUs, "
        f"{facts['memory']}, load average at start "
        f"{facts['load_average_at_start']}: the machine is shared with other work); "
        f"Python {facts['python']}, Django {facts['django']}, {facts['gunicorn']} "
        f"with {options['workers']} sync workers; {facts['datasette']}; "
        f"{facts['wrk']}; {facts['nginx']}; SQLite {facts['sqlite']}; PostgreSQL "
        f"{facts['postgresql']}; {facts['redis']}. Each figure: {options['seconds']} s "
        f"of `wrk -t1` after {options['warm']} s of warm-up, on loopback; the whole "
        f"run took {report.get('seconds', 0) // 60} min. Results: `{report['file']}`.",
        "",
    ]


def summary(report: dict[str, Any]) -> list[str]:
    """One row per data set and back end, at 32 connections: the targets' terms."""
    lines = [
        "At 32 connections (requests/s, and the ratio the target is about):",
        "",
        "| data | GER on | list | detail | search | p99 list / detail / search ms "
        "| ceiling | edition page | edition JSON | static export (nginx) |",
        "|---|---|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for data in report["datasets"].values():
        if "error" in data:
            continue
        nginx = data.get("nginx", {})
        static = (
            f"{best(nginx['page'], 32)['rps']:,.0f} (page), "
            f"{best(nginx['json'], 32)['rps']:,.0f} (JSON)"
            if "page" in nginx
            else "—"
        )
        for backend, name in BACKENDS.items():
            if backend not in data:
                continue
            ger = data[backend]["ger"]
            reads = []
            for kind in READS:
                ours = best(ger[kind], 32)["rps"]
                theirs = best(data["datasette"][kind], 32)["rps"]
                reads.append(f"{ours:,.0f} ({ratio(ours, theirs)} DS)")
            p99 = " / ".join(f"{best(ger[kind], 32)['p99_ms']:.0f}" for kind in READS)
            ceiling = best(ger["ceiling"], 32)["rps"]
            edition = [
                f"{best(ger[kind], 32)['rps']:,.0f} "
                f"({ratio(best(ger[kind], 32)['rps'], ceiling)})"
                for kind in ("edition page", "edition JSON")
            ]
            lines.append(
                f"| {data['label']} | {name} | {' | '.join(reads)} | {p99} | "
                f"{ceiling:,.0f} | {' | '.join(edition)} | {static} |"
            )
    lines += [
        "",
        "DS: Datasette answering the same query on the same data (its faster "
        "configuration, below). Edition page and JSON: the ratio to the ceiling.",
        "",
    ]
    return lines


def detail(data: dict[str, Any]) -> list[str]:
    """The full tables of one data set."""
    mode = data["datasette_config"]["chosen"]
    config = (
        "`datasette serve -i` (immutable, one process)"
        if mode == "serve"
        else "uvicorn with one worker process per CPU, immutable"
    )
    probes = ", ".join(
        f"{m} {v:,.0f} req/s"
        for m, v in data["datasette_config"]["probe_rps_list_32"].items()
    )
    same = ", ".join(f"{k} {v}" for k, v in data.get("same_answers", {}).items())
    chosen = f" (the faster; list at 32 connections: {probes})" if probes else ""
    backends = [b for b in BACKENDS if b in data]
    lines = [
        f"#### {data['label']} ({data['missions']:,} missions; edition "
        f"{data['edition']} with {data['plans_in_edition']:,} plans)",
        "",
        f"Datasette: {config}, FTS5, `sql_time_limit_ms` 10000, `suggest_facets` "
        f"off{chosen}. Same answers from both: {same}. Each figure is the best of "
        f"{len(data['datasette']['list'][0].get('runs_rps', [0]))} runs.",
        "",
        "| request | conn. | "
        + " | ".join(f"GER {BACKENDS[b]} req/s | p50 / p99 ms" for b in backends)
        + " | Datasette req/s | p50 / p99 ms | GER / Datasette |",
        "|---|---:|" + "---:|---:|" * (len(backends) + 1) + "---|",
    ]
    for kind in READS:
        for connections in CONNECTIONS:
            theirs = best(data["datasette"][kind], connections)
            cells, ratios = [], []
            for backend in backends:
                ours = best(data[backend]["ger"][kind], connections)
                cells += [f"{ours['rps']:,.0f}", f"{ours['p50_ms']} / {ours['p99_ms']}"]
                ratios.append(ratio(ours["rps"], theirs["rps"]))
            cells += [
                f"{theirs['rps']:,.0f}",
                f"{theirs['p50_ms']} / {theirs['p99_ms']}",
            ]
            row = f"| {kind} | {connections} | {' | '.join(cells)} |"
            lines.append(f"{row} {', '.join(ratios)} |")
    for backend in backends:
        rendered = data[backend].get("ger_rendered", {})
        if rendered:
            figures = ", ".join(
                f"{kind} {rendered[kind][0]['rps']:,.0f} req/s "
                f"(p99 {rendered[kind][0]['p99_ms']:.0f} ms)"
                for kind in READS
            )
            lines += [
                "",
                f"Rendered afresh (no server cache) on {BACKENDS[backend]}, 32 "
                f"connections: {figures}.",
            ]
    nginx = data.get("nginx", {})
    lines += [
        "",
        "| published edition | conn. | "
        + " | ".join(
            f"GER {BACKENDS[b]} req/s | p50 / p99 ms | vs ceiling" for b in backends
        )
        + " | nginx, static export req/s | p50 / p99 ms |",
        "|---|---:|" + "---:|---:|---:|" * len(backends) + "---:|---:|",
    ]
    for kind, static in (
        ("ceiling", None),
        ("edition page", "page"),
        ("edition JSON", "json"),
    ):
        for connections in CONNECTIONS:
            cells = []
            for backend in backends:
                ours = best(data[backend]["ger"][kind], connections)
                top = best(data[backend]["ger"]["ceiling"], connections)
                versus = (
                    "itself" if kind == "ceiling" else ratio(ours["rps"], top["rps"])
                )
                cells += [
                    f"{ours['rps']:,.0f}",
                    f"{ours['p50_ms']} / {ours['p99_ms']}",
                    versus,
                ]
            if static and static in nginx:
                theirs = best(nginx[static], connections)
                cells += [
                    f"{theirs['rps']:,.0f}",
                    f"{theirs['p50_ms']} / {theirs['p99_ms']}",
                ]
            else:
                cells += ["", ""]
            lines.append(f"| {kind} | {connections} | {' | '.join(cells)} |")
    for backend in backends:
        revalidated = data[backend]["ger"].get("edition JSON, revalidated (304)")
        if revalidated:
            top = best(data[backend]["ger"]["ceiling"], 32)["rps"]
            lines += [
                "",
                f"Edition JSON revalidated with `If-None-Match` (304, no body) on "
                f"{BACKENDS[backend]}: {revalidated[0]['rps']:,.0f} req/s at 32 "
                f"connections ({ratio(revalidated[0]['rps'], top)} of the ceiling).",
            ]
    memory = []
    for backend in backends:
        m = data[backend]["ger_memory"]
        memory.append(
            f"GER on {BACKENDS[backend]} {m['peak_pss_mib']} MiB PSS in "
            f"{m['processes']} processes (largest {m['peak_rss_of_one_process_mib']} "
            f"MiB RSS)"
        )
    memory.append(f"Datasette {data['datasette_memory']['peak_pss_mib']} MiB")
    if "memory" in nginx:
        memory.append(f"nginx {nginx['memory']['peak_pss_mib']} MiB")
    paths = ", ".join(f"`{p}`" for p in nginx.get("paths", {}).values())
    lines += [
        "",
        f"Peak memory of the servers under this load (PSS counts shared pages once): "
        f"{'; '.join(memory)}. Static export: {nginx.get('source', 'not built')}"
        + (f", requests {paths}." if paths else "."),
        "",
        "Latency sweep, one request at a time, p50 in ms after the first request: "
        "*rendered* = no response cache (the request carries a session cookie), "
        "*served* = what an anonymous reader gets; *first* = the first request, "
        "when it took much longer (it computed what the plan generation keeps). "
        "⚠ marks a rendered page above 50 ms.",
        "",
        "| page or endpoint | "
        + " | ".join(f"{BACKENDS[b]} rendered | served" for b in backends)
        + " |",
        "|---|" + "---:|---:|" * len(backends),
    ]
    for index, row in enumerate(data[backends[0]]["sweep"]):
        cells = []
        for backend in backends:
            found = data[backend]["sweep"][index]
            cells += [sweep_cell(found, "rendered"), sweep_cell(found, "served")]
        lines.append(f"| `{row['path']}` | {' | '.join(cells)} |")
    lines.append("")
    return lines


def tables(report: dict[str, Any]) -> str:
    """Return the README's section for ``report``."""
    lines = heading(report) + summary(report)
    for data in report["datasets"].values():
        if "error" in data:
            lines += [f"**{data['label']}**: not measured ({data['error']}).", ""]
        else:
            lines += detail(data)
    for data in report.get("large", {}).values():
        if "error" in data:
            lines += [f"**{data['label']}**: not measured ({data['error']}).", ""]
            continue
        lines += [
            f"#### {data['label']}: latency sweep only (SQLite, no editions; "
            f"building it took {data['load_seconds_sqlite']} s)",
            "",
            "| page or endpoint | rendered p50 ms | served p50 ms |",
            "|---|---:|---:|",
        ]
        for row in data["sqlite"]["sweep"]:
            lines.append(
                f"| `{row['path']}` | {sweep_cell(row, 'rendered')} | "
                f"{sweep_cell(row, 'served')} |"
            )
        lines.append("")
    return "\n".join(lines)


def sweep_cell(row: dict[str, Any], mode: str) -> str:
    value = row.get(f"{mode}_p50_ms")
    if value is None:
        limit = row.get("timed_out_after_s")
        return f"> {limit:.0f} s ⚠" if limit and mode == "rendered" else "—"
    samples = row.get(f"{mode}_samples", 0)
    note = " (1 sample)" if samples == 1 else ""
    first = row.get(f"{mode}_first_ms")
    if first is not None and first > 50 and first > 2 * value:
        note += f" (first {first:,.0f})"
    return f"{value}{' ⚠' if value > 50 and mode == 'rendered' else ''}{note}"


def replace_section(text: str) -> None:
    start, end = f"<!-- {MARKER}:start -->", f"<!-- {MARKER}:end -->"
    readme = README.read_text()
    if start not in readme:
        readme = readme.rstrip() + f"\n\n{start}\n{end}\n"
    before, rest = readme.split(start, 1)
    _old, after = rest.split(end, 1)
    README.write_text(f"{before}{start}\n{text.strip()}\n{end}{after}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--datasets", default="real,10000", help="real and/or mission counts"
    )
    parser.add_argument("--seconds", type=int, default=2, help="length of each wrk run")
    parser.add_argument("--warm", type=int, default=1, help="warm-up before each run")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument(
        "--sweep-budget", type=float, default=1.5, help="seconds per page"
    )
    parser.add_argument(
        "--sweep-limit", type=float, default=5.0, help="give up on a page after"
    )
    parser.add_argument(
        "--large", default="100000", help="mission counts for the sweep alone"
    )
    parser.add_argument(
        "--repeat", type=int, default=2, help="runs per figure; the best is kept"
    )
    parser.add_argument(
        "--datasette",
        choices=("serve", "uvicorn", "probe"),
        default="serve",
        help="datasette serve -i, uvicorn workers, or the faster of both at 32",
    )
    parser.add_argument("--no-postgresql", action="store_true")
    parser.add_argument("--no-readme", action="store_true", help="write the JSON only")
    parser.add_argument("--from-results", help="rewrite the README from a results file")
    options = parser.parse_args()
    if options.from_results:
        replace_section(tables(json.loads(Path(options.from_results).read_text())))
        return
    # Stopped from outside: still stop the servers and remove the databases.
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(1))
    ensure_tools()
    run_pg = not options.no_postgresql and postgres_available() and redis_available()
    if not run_pg and not options.no_postgresql:
        log(
            "PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) is not reachable: "
            "SQLite only"
        )
    root = Path(tempfile.mkdtemp(prefix="ger-read-path-"))
    root.chmod(0o755)
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    report: dict[str, Any] = {
        "measured": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "options": vars(options),
        "datasets": {},
        "large": {},
    }
    began = time.perf_counter()
    for key in options.datasets.split(","):
        try:
            report["datasets"][key] = measure_dataset(
                key.strip(), options, root, run_pg
            )
        except Exception as problem:  # keep what the other data sets measured
            log(f"{key}: failed: {problem!r}")
            report["datasets"][key] = {"label": key, "error": repr(problem)[:2000]}
    for key in filter(None, options.large.split(",")):
        try:
            report["large"][key] = measure_large(key.strip(), options, root)
        except Exception as problem:  # keep what the other data sets measured
            log(f"{key}: failed: {problem!r}")
            report["large"][key] = {"label": key, "error": repr(problem)[:2000]}
    report["seconds"] = round(time.perf_counter() - began)
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"read-path-{stamp}-{socket.gethostname()}.json"
    report["file"] = str(path.relative_to(ROOT))
    path.write_text(json.dumps(report, indent=2, default=str) + "\n")
    if not options.no_readme:
        replace_section(tables(report))
    log(f"done in {report['seconds']} s: {path}")


if __name__ == "__main__":
    main()
