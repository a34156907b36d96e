"""One data set measured whole, on each database; the large sweeps."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import (
    BENCH,
    DATABASE_PREFIX,
    POSTGRES,
    PYTHON,
    VENV_BIN,
    executable,
    flush_redis,
    log,
    run,
    stop,
    version_of,
)
from data import Dataset, describe, export_for_datasette, fill, ger_env
from measure import MemoryWatch, load, measure_backend, measure_datasette_config, sweep
from servers import start_datasette, start_ger, start_nginx


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
        results["datasette"] = results["sqlite"].pop("datasette", {})
    finally:
        stop(ds_process)
    # nginx serving the static export.
    if dataset.static_dir is not None and "static" in options.phases:
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
        name = f"{DATABASE_PREFIX}_{os.getpid()}_{key}"
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
