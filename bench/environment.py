"""Shared set-up of the benchmarks: a throwaway database, machine facts, tables."""

from __future__ import annotations

import atexit
import datetime as dt
import json
import os
import platform
import re
import shutil
import socket
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
README = BENCH / "README.md"


def setup_django() -> Path:
    """Configure Django on a fresh SQLite database in a temporary directory."""
    if "DATABASE_URL" in os.environ:
        raise SystemExit("bench runs on its own SQLite database: unset DATABASE_URL")
    var = Path(tempfile.mkdtemp(prefix="ger-bench-"))
    atexit.register(shutil.rmtree, var, ignore_errors=True)
    os.environ["GER_VAR_DIR"] = str(var)
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ger.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return var


def machine() -> dict[str, Any]:
    """Return what the numbers were measured on."""
    import django
    import numpy

    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"MemTotal:\s+(\d+) kB", meminfo.read_text())
        memory = f"{int(found[1]) / 1024 / 1024:.1f} GiB" if found else ""
    return {
        "host": socket.gethostname(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "memory": memory,
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()]
        if hasattr(os, "getloadavg")
        else None,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
    }


def save(kind: str, data: dict[str, Any]) -> Path:
    """Write a results file named by kind, time and host; return its path."""
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{kind}-{stamp}-{socket.gethostname()}.json"
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")
    return path


def replace_section(name: str, text: str) -> None:
    """Replace the README's text between the markers of ``name``."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    readme = README.read_text()
    before, rest = readme.split(start, 1)
    _old, after = rest.split(end, 1)
    README.write_text(f"{before}{start}\n{text.strip()}\n{end}{after}")
