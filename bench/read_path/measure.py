"""Load and latency: wrk runs, the memory watch, the latency sweep."""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from common import CONNECTIONS, LUA, RENDER_AFRESH, executable, get, log, stop
from data import Dataset
from servers import start_datasette, start_ger, static_export


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
    # The requests of connections wrk closed may still wait in the server's queue
    # (sync workers take them in turn): one more request returns once they are done,
    # so that the next run does not pay for this one's backlog.
    with contextlib.suppress(OSError, http.client.HTTPException):
        get(port, paths[0], dict([header.split(": ", 1)]) if header else None)
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
        if (
            backend == "sqlite"
            and dataset.static_dir is None
            and "static" in options.phases
        ):
            static_export(dataset, env, port)
        phase: dict[str, Any] = {"ger": {}, "datasette": {}}
        with MemoryWatch(process) as watch:
            for kind, (ours, theirs) in dataset.requests.items():
                if "served" not in options.phases:
                    break
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
            if "edition" in options.phases:
                measure_edition(dataset, port, options, phase)
            if "rendered" in options.phases:
                phase.update(measure_rendered(dataset, port, options, datasette))
        phase["ger_memory"] = watch.result()
        if not phase["datasette"]:
            del phase["datasette"]
        if "sweep" in options.phases:
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


def measure_edition(
    dataset: Dataset, port: int, options: argparse.Namespace, phase: dict[str, Any]
) -> None:
    """The ceiling and the published edition, interleaved; the 304 revalidation."""
    log(f"{dataset.label}: ceiling and published edition")
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
                runs[kind].append(wrk(port, paths, connections, options.seconds))
        for kind in compared:
            phase["ger"][kind].append(best_of(runs[kind]))
    # What a CDN or browser holding the snapshot pays to revalidate it.
    snapshot = f"/api/v1/editions/{dataset.edition_slug}/snapshot"
    tag = etag(port, snapshot)
    wrk(port, [snapshot], 32, options.warm, f"If-None-Match: {tag}")
    phase["ger"]["edition JSON, revalidated (304)"] = [
        wrk(port, [snapshot], 32, options.seconds, f"If-None-Match: {tag}")
    ]


def measure_rendered(
    dataset: Dataset,
    port: int,
    options: argparse.Namespace,
    datasette: tuple[int, str] | None,
) -> dict[str, Any]:
    """The three reads with GER's response caches out of the way (a session
    cookie), at each connection count, alternating with Datasette when given."""
    log(f"{dataset.label}: rendered afresh")
    found: dict[str, Any] = {"ger_rendered": {}, "datasette_beside_rendered": {}}
    # What the plan generation keeps for every reader (a mission's detail, a
    # search's results, a list's count) is kept by each worker without Redis: each
    # request is sent twice per worker first (by as many clients at once, so that
    # every worker takes its share), as the sweep does for served pages: the runs
    # then measure the rendered path, not each worker's first render of each of
    # 200 missions (that cost is measured by bench/rendered_cpu.py).
    name, value = RENDER_AFRESH.split(": ", 1)
    paths = [path for ours, _theirs in dataset.requests.values() for path in ours]

    def each_once(offset: int) -> None:
        for path in paths[offset:] + paths[:offset]:
            get(port, path, {name: value})

    with ThreadPoolExecutor(2 * options.workers) as pool:
        list(pool.map(each_once, range(0, len(paths), max(1, len(paths) // 6))))
    for kind, (ours, theirs) in dataset.requests.items():
        found["ger_rendered"][kind] = []
        found["datasette_beside_rendered"][kind] = []
        for connections in CONNECTIONS:
            wrk(port, ours, connections, options.warm, RENDER_AFRESH)
            if datasette is not None:
                wrk(datasette[0], theirs, connections, options.warm)
            ger_runs, ds_runs = [], []
            for _ in range(options.repeat):
                ger_runs.append(
                    wrk(port, ours, connections, options.seconds, RENDER_AFRESH)
                )
                if datasette is not None:
                    ds_runs.append(
                        wrk(datasette[0], theirs, connections, options.seconds)
                    )
            found["ger_rendered"][kind].append(best_of(ger_runs))
            if ds_runs:
                found["datasette_beside_rendered"][kind].append(best_of(ds_runs))
    if datasette is None:
        del found["datasette_beside_rendered"]
    return found


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
