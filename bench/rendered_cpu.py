"""CPU time per rendered view, in process: the budgets of the rendered path.

Run with ``make bench`` (or ``python bench/rendered_cpu.py [--datasets real,10000]``).
For each data set it builds a throwaway SQLite database (as ``bench/read_path``
does), then, in a child process with production settings, sends each request
through Django's test client — every middleware, the session and the user, the
view, the template — and measures the CPU time it takes:

- *kept*: what a signed-in reader gets while the plan is unchanged: the parts that
  are the same for everyone (a mission's detail and page content, a search's
  results, a list's count, the facet counts) are read from the cache;
- *first*: the first request after a change (a new plan generation before each
  request): everything is computed afresh.

CPU time, not wall time, because the machine is shared: another process's work
does not count against a view. Each figure is the median of the runs; the budgets
(``BUDGETS``, milliseconds of CPU per request on the bundled data) are checked and
the table between the ``rendered-cpu`` markers of ``bench/README.md`` rewritten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH / "read_path"))

from common import PYTHON, RESULTS, ROOT, log  # noqa: E402
from environment import replace_section  # noqa: E402

from data import Dataset, fill, ger_env  # noqa: E402

MARKER = "rendered-cpu"
# Requests first after a change (each recomputes what the generation keeps).
FIRST_RUNS = 5
# Milliseconds of CPU per request on the bundled data, kept / first after a change.
BUDGETS = {
    "API list (50 missions)": (4.0, 6.0),
    "API detail": (1.0, 12.0),
    "search (JSON)": (1.0, 4.0),
    # The first render after a change also runs the mission's outlook (the
    # forecast of every mission, then kept for the plan generation).
    "mission page, editor": (4.0, 200.0),
    "mission page, reader": (3.0, 200.0),
    "edition page, editor": (8.0, 12.0),
}


def requests() -> dict[str, tuple[str, str]]:
    """Return each measured request: (who, path), from the database's contents."""
    from ger.editions.models import Edition
    from ger.plans.models import Mission, MissionPartner
    from ger.registry.models import Agency

    def involvement(agency: Agency) -> int:
        led = Mission.objects.filter(lead=agency).count()
        return led + MissionPartner.objects.filter(agency=agency).count()

    top = max(Agency.objects.all(), key=involvement)
    mission = Mission.objects.order_by("slug")[Mission.objects.count() // 2]
    edition = (
        Edition.objects.published().defer("snapshot").order_by("-released_on").first()
    )
    found = {
        "API list (50 missions)": ("reader", f"/api/v1/missions?agency={top.code}"),
        "API detail": ("reader", f"/api/v1/missions/{mission.slug}"),
        "search (JSON)": ("reader", "/search/?q=south+pole&format=json"),
        "mission page, editor": ("editor", f"/missions/{mission.slug}/"),
        "mission page, reader": ("reader", f"/missions/{mission.slug}/"),
    }
    if edition is not None:
        found["edition page, editor"] = ("editor", f"/editions/{edition.slug}/")
    return found


def measure_here(runs: int) -> dict[str, Any]:
    """Measure every request in this process (the child, with Django set up)."""
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client

    from ger.plancache import new_plan_generation
    from ger.registry.models import Agency, UserRole

    user = User.objects.create_user("bench-editor", "bench@example.org")
    UserRole.objects.create(
        user=user, kind="editor", agency=Agency.objects.order_by("code").first()
    )
    clients = {"editor": Client(), "reader": Client()}
    clients["editor"].force_login(user)
    # A session cookie of no session: no response cache answers (bench/read_path).
    clients["reader"].cookies["sessionid"] = "bench-render-afresh"
    found: dict[str, Any] = {}
    for name, (who, path) in requests().items():
        client = clients[who]
        for _ in range(3):
            assert client.get(path).status_code == 200, path
        figures: dict[str, Any] = {"path": path, "who": who}
        for mode in ("kept", "first"):
            cpu, wall = [], []
            for _ in range(runs if mode == "kept" else FIRST_RUNS):
                if mode == "first":
                    new_plan_generation()
                began_cpu, began = time.process_time(), time.perf_counter()
                client.get(path)
                cpu.append((time.process_time() - began_cpu) * 1000)
                wall.append((time.perf_counter() - began) * 1000)
            figures[f"{mode}_cpu_ms"] = round(statistics.median(cpu), 2)
            figures[f"{mode}_wall_ms"] = round(statistics.median(wall), 2)
        found[name] = figures
    return found


def measure_dataset(key: str, root: Path, runs: int) -> dict[str, Any]:
    label = "real data" if key == "real" else f"{int(key):,} missions"
    dataset = Dataset(key=key, label=label, workdir=root / f"data-{key}")
    dataset.workdir.mkdir(parents=True)
    database = dataset.workdir / "ger.sqlite3"
    env = ger_env(dataset.workdir, f"sqlite:///{database}", redis=False)
    env["ALLOWED_HOSTS"] = "testserver"
    log(f"{label}: building the SQLite database")
    fill(dataset, env)
    subprocess.run(
        [PYTHON, "-m", "ger", "collectstatic", "--noinput", "-v0"],
        env=env,
        check=True,
    )
    log(f"{label}: measuring")
    output = subprocess.run(
        [PYTHON, __file__, "--child", "--runs", str(runs)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {"label": label, "views": json.loads(output.splitlines()[-1])}


def table(report: dict[str, Any]) -> str:
    lines = [
        f"Measured {report['measured']} (load average at start "
        f"{report['load_average']}); CPU milliseconds per request, median of "
        f"{report['runs']} requests kept and {FIRST_RUNS} first "
        f"after a change. Results: `{report['file']}`.",
        "",
        "| request | "
        + " | ".join(f"{d['label']}: kept / first" for d in report["datasets"])
        + " | budget on the real data: kept / first |",
        "|---|" + "---:|" * (len(report["datasets"]) + 1),
    ]
    for name, (kept, first) in BUDGETS.items():
        cells = []
        for data in report["datasets"]:
            views = data["views"]
            if name not in views:
                cells.append("—")
                continue
            figures = views[name]
            over = data["label"] == "real data" and (
                figures["kept_cpu_ms"] > kept or figures["first_cpu_ms"] > first
            )
            cells.append(
                f"{figures['kept_cpu_ms']} / {figures['first_cpu_ms']}"
                + (" ⚠" if over else "")
            )
        lines.append(f"| {name} | {' | '.join(cells)} | {kept} / {first} |")
    lines += ["", "⚠: over its budget on the bundled data."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", default="real,10000")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--no-readme", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        print(json.dumps(measure_here(options.runs)))
        return
    report: dict[str, Any] = {
        "measured": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "runs": options.runs,
        "budgets": BUDGETS,
        "datasets": [],
    }
    with tempfile.TemporaryDirectory(prefix="ger-rendered-cpu-") as root:
        for key in options.datasets.split(","):
            report["datasets"].append(
                measure_dataset(key.strip(), Path(root), options.runs)
            )
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"rendered-cpu-{stamp}-{socket.gethostname()}.json"
    report["file"] = str(path.relative_to(ROOT))
    path.write_text(json.dumps(report, indent=2) + "\n")
    text = table(report)
    print(text)
    if not options.no_readme:
        replace_section(MARKER, text)


if __name__ == "__main__":
    main()
