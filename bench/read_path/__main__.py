"""Run the read-path benchmark: python bench/read_path [--datasets real,10000]."""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import os
import shutil
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import (
    PHASES,
    RESULTS,
    ROOT,
    ensure_tools,
    log,
    postgres_available,
    redis_available,
)
from datasets import machine, measure_dataset, measure_large
from report import replace_section, tables


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
    parser.add_argument(
        "--phases",
        default=",".join(PHASES),
        help=f"what to measure, of {','.join(PHASES)}",
    )
    parser.add_argument("--no-readme", action="store_true", help="write the JSON only")
    parser.add_argument("--from-results", help="rewrite the README from a results file")
    options = parser.parse_args()
    options.phases = [p.strip() for p in options.phases.split(",") if p.strip()]
    unknown = set(options.phases) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases: {', '.join(sorted(unknown))}")
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
