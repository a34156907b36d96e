"""The servers side by side: GER, Datasette (its queries) and nginx."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from common import (
    BENCH,
    PYTHON,
    VENV_BIN,
    executable,
    free_port,
    get,
    log,
    run,
    start,
    wait_ready,
)
from data import Dataset

# ------------------------------------------------------------------- Datasette

PARTNERS = """(SELECT json_group_array(json_object('agency', pa.code, 'role', p.role))
  FROM plans_missionpartner p JOIN registry_agency pa ON pa.id = p.agency_id
  WHERE p.mission_id = m.id)"""
DATASETTE_QUERIES = {
    # The rows and fields of GET /api/v1/missions?agency=X&limit=50, with the count,
    # in GER's order: missions still to fly by planned launch, then those that flew,
    # undated ones last within each (ger.plans.filters.ORDER_EXPRESSIONS).
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
ORDER BY m.actual_launch_on IS NOT NULL, m.planned_launch_on IS NULL,
  m.planned_launch_on, m.slug
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
