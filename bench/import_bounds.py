"""How fast and in how much memory `ger import` refuses a huge file with one bad row.

Writes a YAML file of N missions (137,403 by default, as in the attack run of issue
21, about 39 MB here) whose last mission names an unknown agency, runs `ger import` on it
in a child process on a throwaway SQLite database, and records the wall-clock time,
the child's peak resident memory and the problems it printed. Target: refused in
under 30 s and under 500 MB.

    python bench/import_bounds.py [--missions 137403]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from environment import machine, replace_section, save

AGENCIES = """agencies:
  - {code: NASA, name: National Aeronautics and Space Administration, country: United States}
  - {code: ESA, name: European Space Agency, country: Europe}
destinations:
  - {slug: lunar-orbit, name: Lunar orbit}
"""


def write_file(path: Path, missions: int) -> int:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(AGENCIES + "missions:\n")
        for number in range(missions):
            lead = "NOPE" if number == missions - 1 else ("NASA", "ESA")[number % 2]
            handle.write(
                f"  - slug: bench-{number}\n"
                f"    name: Bench mission {number} with a name of ordinary length\n"
                f"    lead: {lead}\n"
                "    destination: lunar-orbit\n"
                "    kind: science\n"
                "    status: planned\n"
                "    confidence: notional\n"
                f"    planned_launch: {2030 + number % 20}-Q{1 + number % 4}\n"
                "    description: A short description of what the mission does.\n"
            )
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missions", type=int, default=137_403)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ger-bench-import-") as folder:
        var = Path(folder)
        data = var / "missions.yaml"
        size = write_file(data, options.missions)
        env = {
            **os.environ,
            "DEBUG": "true",
            "GER_VAR_DIR": str(var),
            "DATABASE_URL": f"sqlite:///{var / 'bench.sqlite3'}",
        }
        ger = [sys.executable, "-m", "ger"]
        subprocess.run([*ger, "migrate", "--noinput"], env=env, check=True,
                       capture_output=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run([*ger, "import", str(data)], env=env,
                                capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_kib = after.ru_maxrss
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    problems = [line for line in result.stderr.splitlines() if ": missions[" in line]
    results = {
        "machine": machine(),
        "missions": options.missions,
        "file_bytes": size,
        "exit_code": result.returncode,
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mib_before": round(before.ru_maxrss / 1024, 1),
        "problems": problems[:5],
    }
    saved = save("import-bounds", results)
    memory_ok = peak_kib / 1024 < 500
    # On a shared machine the wall clock counts other people's work too; the CPU
    # time is what the import itself took.
    replace_section(
        "import-bounds",
        f"Measured on {results['machine']['host']} ({results['machine']['cpus']} CPUs, "
        f"load average at start {results['machine']['load_average_at_start']}): "
        f"a {size / 1e6:.1f} MB YAML file of {options.missions:,} missions whose last "
        f"names an unknown agency was refused (exit {result.returncode}) after "
        f"{cpu:.1f} s of CPU ({seconds:.1f} s of wall-clock time on the shared "
        f"machine) with a peak of {peak_kib / 1024:.0f} MiB resident. Target 30 s: "
        f"{'met' if cpu < 30 else 'missed'} in CPU time, "
        f"{'met' if seconds < 30 else 'missed'} in wall-clock time; target 500 MB: "
        f"{'met' if memory_ok else 'missed'}. Problem printed: "
        f"`{problems[0] if problems else result.stderr.strip()[-200:]}`. "
        f"Results: `{saved.relative_to(saved.parents[1])}`.",
    )
    print(results)


if __name__ == "__main__":
    main()
