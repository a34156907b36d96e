"""Time and peak memory of each analysis on synthetic data of growing size.

Run with ``make bench`` (or ``python bench/run.py [--sizes 1000,10000]``). Each
analysis runs on an in-memory synthetic portfolio; ``ger synth`` and the
database adapter are measured on a throwaway SQLite database. Times are the
best of a few runs (the machine may be shared); peak memory comes from a
separate run under tracemalloc, which NumPy reports its arrays to.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from environment import machine, replace_section, save, setup_django

TRIAL_BUDGET = 10_000_000  # trials x missions held in memory by the Monte Carlo


def measure(run: Callable[[], object], repeats: int) -> dict[str, float]:
    """Return the best wall and CPU seconds of ``repeats`` runs, and the peak MiB."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeats):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    gc.collect()
    tracemalloc.start()
    run()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"seconds": best_wall, "cpu_seconds": best_cpu, "peak_mib": peak / 2**20}


def analyses(size: int, seed: int) -> dict[str, tuple[Callable[[], object], str]]:
    """Return each analysis of a synthetic portfolio of ``size`` missions."""
    from ger.analysis.coverage import objective_coverage
    from ger.analysis.montecarlo import forecast_risk
    from ger.analysis.partnerships import partnership_opportunities
    from ger.analysis.proximity import landing_site_proximity
    from ger.analysis.risk import calibrate
    from ger.analysis.schedule import build_graph, propagate_slip
    from ger.analysis.schedule_reports import schedule_report, what_if
    from ger.analysis.synthetic import synthetic_history, synthetic_portfolio

    portfolio = synthetic_portfolio(size, 30, seed)
    history = synthetic_history(portfolio)
    calibration = calibrate(
        history.records, history.fleet, history.dependencies, history.as_of
    )
    graph = build_graph(portfolio)
    middle = next(
        item.slug for item in portfolio.items[size // 2 :] if not item.has_flown
    )
    last = portfolio.items[-1].slug
    trials = min(10_000, TRIAL_BUDGET // size)
    return {
        "generate (synthetic_portfolio)": (
            lambda: synthetic_portfolio(size, 30, seed),
            "",
        ),
        "coverage": (lambda: objective_coverage(portfolio, 2030), ""),
        "partnerships": (lambda: partnership_opportunities(portfolio), ""),
        "schedule graph (build, topological order)": (
            lambda: build_graph(portfolio),
            "",
        ),
        "critical path (graph + float to last mission)": (
            lambda: schedule_report(portfolio, last),
            "",
        ),
        "slip propagation (+12 months mid-plan, graph built)": (
            lambda: propagate_slip(graph, {middle: 12}),
            "",
        ),
        "what-if end to end (build graph + propagate)": (
            lambda: what_if(portfolio, {middle: 12}),
            "",
        ),
        "risk calibration": (
            lambda: calibrate(
                history.records, history.fleet, history.dependencies, history.as_of
            ),
            f"{len(history.records)} plan records",
        ),
        "risk Monte Carlo": (
            lambda: forecast_risk(portfolio, calibration, trials, seed),
            f"{trials} trials",
        ),
        "proximity (100 km)": (lambda: landing_site_proximity(portfolio), ""),
    }


def database(size: int, seed: int) -> dict[str, dict[str, float]]:
    """Time ``ger synth`` and the adapter's load of the live plan."""
    from django.core.management import call_command

    from ger.analysis.adapters import live_portfolio

    results = {}
    began = time.perf_counter()
    call_command("synth", missions=size, seed=seed, verbosity=0)
    results["ger synth (write to SQLite)"] = {"seconds": time.perf_counter() - began}
    results["adapter: load live plan from SQLite"] = measure(live_portfolio, 1)
    return results


def table(runs: dict[int, dict[str, dict[str, Any]]]) -> str:
    sizes = sorted(runs)
    names = list(runs[sizes[0]])
    head = "| analysis | " + " | ".join(f"{size:,} missions" for size in sizes)
    lines = [
        head + " | growth per 10x |",
        "|---|" + "---:|" * len(sizes) + "---|",
    ]
    for name in names:
        cells = []
        for size in sizes:
            found = runs[size].get(name, {})
            cell = f"{found['seconds']:.3f} s" if "seconds" in found else "—"
            if "peak_mib" in found:
                cell += f", {found['peak_mib']:.0f} MiB"
            if found.get("note"):
                cell += f" ({found['note']})"
            cells.append(cell)
        times = [runs[size][name]["seconds"] for size in sizes if name in runs[size]]
        growth = ", ".join(
            f"x{later / earlier:.1f}"
            for earlier, later in itertools.pairwise(times)
            if earlier > 0
        )
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {growth} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    setup_django()
    facts = machine()
    runs: dict[int, dict[str, dict[str, Any]]] = {}
    for size in (int(text) for text in options.sizes.split(",")):
        repeats = 3 if size <= 10_000 else 1
        runs[size] = {}
        for name, (run, note) in analyses(size, options.seed).items():
            runs[size][name] = {**measure(run, repeats), "note": note}
            print(f"{size:>7} {name}: {runs[size][name]['seconds']:.3f} s", flush=True)
        runs[size].update(database(size, options.seed))
    path = save("analysis", {"machine": facts, "seed": options.seed, "runs": runs})
    summary = (
        f"Measured {facts['host']} ({facts['cpus']} CPUs, {facts['memory']}, "
        f"load average at start {facts['load_average_at_start']}, shared); Python "
        f"{facts['python']}, NumPy {facts['numpy']}, Django {facts['django']}, "
        f"SQLite {facts['sqlite']}. Results: `bench/results/{path.name}`.\n\n"
        + table(runs)
    )
    replace_section("results", summary)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
