"""Benchmark ``ger build``: the bundled 2022 supplement and synthetic editions.

Each case gets its own throwaway SQLite database (never ``DATABASE_URL``): the real
case loads the bundled data (``ger seed``), a synthetic case writes N missions with
``ger synth --missions N`` and publishes one edition stating all of them. Then
``ger build`` runs in a fresh process ``--repeat`` times, each into a new folder;
the time is the wall clock of the whole command (Django start-up included), the
build's own time as it reports it, and the CPU seconds of the command and its PDF
process (the machine is shared: the CPU time moves less with other jobs' load than
the wall clock does, and the load average before each run is kept). Every repeat
must be byte-identical to the first (the SHA256SUMS files are compared).

Writes ``bench/results/build-<time>-<host>.json`` and prints the README lines.
Usage: ``.venv/bin/python bench/bench_build.py [--sizes 1000,10000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
GER = BENCH.parent / ".venv" / "bin" / "ger"
sys.path.insert(0, str(BENCH))

from environment import machine, save  # noqa: E402

TARGETS = {"real": 10.0, 10_000: 60.0}
PUBLISH = """
from django.contrib.auth.models import User
from ger.editions.services import publish_edition
from ger.editions.workflow import create_draft_edition
from ger.plans.models import Mission

count = Mission.objects.count()
user, _created = User.objects.get_or_create(username="bench")
edition = create_draft_edition(
    code=f"SYN-{count}", slug=f"synthetic-{count}",
    title=f"Synthetic edition of {count} missions", kind="roadmap",
    released="2025-01", user=user,
)
publish_edition(edition)
"""
SUMMARY = re.compile(
    r"roadmap\.pdf \((\d+) pages\), site/ \((\d+) pages\), data/ \((\d+) files\), "
    r"SHA256SUMS \((\d+) files\) in ([\d.]+) s"
)


def ger(var: Path, *args: str) -> str:
    """Run a ``ger`` command on the case's database; return its output."""
    env = {**os.environ, "GER_VAR_DIR": str(var), "DEBUG": "true"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [str(GER), *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"ger {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def prepare(case: str | int) -> tuple[Path, str, int]:
    """Create the case's database and edition; return its folder, slug, missions."""
    var = Path(tempfile.mkdtemp(prefix="ger-bench-build-"))
    ger(var, "migrate", "--noinput", "-v0")
    if case == "real":
        ger(var, "seed", "-v0")
        return var, "2022-supplement", 30
    ger(var, "synth", "--missions", str(case), "--seed", "1")
    ger(var, "shell", "-c", PUBLISH)
    return var, f"synthetic-{case}", int(case)


def size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def measure(var: Path, slug: str, repeat: int) -> dict[str, Any]:
    """Build the edition ``repeat`` times; return the times and the outputs' sizes."""
    runs = []
    first_sums = ""
    for index in range(repeat):
        out = var / f"out-{index}"
        load = os.getloadavg()[0]
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        output = ger(var, "build", slug, "--out", str(out))
        wall = time.perf_counter() - began
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # The command and the PDF process it waits for, user and system time.
        cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (
            cpu_after.ru_stime - cpu_before.ru_stime
        )
        found = SUMMARY.search(output)
        if found is None:
            raise SystemExit(f"unexpected output of ger build: {output}")
        sums = (out / "SHA256SUMS").read_text()
        first_sums = first_sums or sums
        differing = sorted(set(sums.splitlines()) ^ set(first_sums.splitlines()))
        runs.append(
            {
                "wall_s": round(wall, 2),
                "build_s": float(found[5]),
                "cpu_s": round(cpu, 2),
                "load_average_before": round(load, 2),
                "identical_to_first": sums == first_sums,
                "differing_files": sorted(
                    {line.split("  ", 1)[1] for line in differing}
                ),
            }
        )
    out = var / "out-0"
    return {
        "runs": runs,
        "best_wall_s": min(run["wall_s"] for run in runs),
        "median_wall_s": round(statistics.median(run["wall_s"] for run in runs), 2),
        "best_build_s": min(run["build_s"] for run in runs),
        "best_cpu_s": min(run["cpu_s"] for run in runs),
        "byte_identical": all(run["identical_to_first"] for run in runs),
        "pdf_pages": int(found[1]),
        "site_pages": int(found[2]),
        "data_files": int(found[3]),
        "files": int(found[4]),
        "bytes": {
            "roadmap.pdf": size(out / "roadmap.pdf"),
            "site": size(out / "site"),
            "data": size(out / "data"),
        },
    }


def table(cases: list[dict[str, Any]]) -> str:
    """Return the README's table of the results."""
    lines = [
        "| edition | missions | PDF pages | site pages | files | best | median | "
        "CPU | target | identical |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for case in cases:
        target = TARGETS.get(case["case"])
        lines.append(
            f"| {case['edition']} | {case['missions']:,} | {case['pdf_pages']} | "
            f"{case['site_pages']:,} | {case['files']:,} | "
            f"{case['best_wall_s']:.1f} s | {case['median_wall_s']:.1f} s | "
            f"{case['best_cpu_s']:.1f} s | "
            f"{f'< {target:.0f} s' if target else '—'} | "
            f"{'yes' if case['byte_identical'] else 'NO'} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    if "DATABASE_URL" in os.environ:
        raise SystemExit("bench runs on its own SQLite databases: unset DATABASE_URL")
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ger.settings")
    cases: list[dict[str, Any]] = []
    started = machine()
    for case in ["real", *(int(size) for size in options.sizes.split(","))]:
        var, slug, missions = prepare(case)
        try:
            print(f"building {slug} ({missions:,} missions)…", file=sys.stderr)
            result = measure(var, slug, options.repeat)
        finally:
            shutil.rmtree(var, ignore_errors=True)
        cases.append({"case": case, "edition": slug, "missions": missions, **result})
        print(
            f"  best {result['best_wall_s']:.1f} s, median "
            f"{result['median_wall_s']:.1f} s",
            file=sys.stderr,
        )
    by_size = {case["case"]: case for case in cases}
    growth = None
    if 1000 in by_size and 10_000 in by_size:
        growth = round(by_size[10_000]["best_wall_s"] / by_size[1000]["best_wall_s"], 1)
    path = save(
        "build",
        {
            "benchmark": "ger build",
            "machine": started,
            "repeat": options.repeat,
            "targets_s": {str(key): value for key, value in TARGETS.items()},
            "growth_1000_to_10000": growth,
            "cases": cases,
        },
    )
    print(table(cases))
    if growth is not None:
        print(f"\nGrowth from 1,000 to 10,000 missions: x{growth} (10 is linear).")
    print(f"Results: `{path.relative_to(BENCH.parent)}`.")


if __name__ == "__main__":
    main()
