"""The tables of bench/README.md, written from a results file."""

from __future__ import annotations

from typing import Any

from common import CONNECTIONS, MARKER, README


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
            if backend not in data or "list" not in data[backend].get("ger", {}):
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


def rendered_summary(report: dict[str, Any]) -> list[str]:
    """The rendered path at 32 connections beside Datasette: the targets' terms."""
    lines = [
        "Rendered afresh (a session cookie: no response cache answers) at 32 "
        "connections, beside Datasette measured in turn with it:",
        "",
        "| data | GER on | list | detail | search | p99 list / detail / search ms |",
        "|---|---|---:|---:|---:|---|",
    ]
    for data in report["datasets"].values():
        for backend, name in BACKENDS.items():
            rendered = data.get(backend, {}).get("ger_rendered")
            if not rendered or len(rendered["list"]) < len(CONNECTIONS):
                continue
            theirs = datasette_beside(data)
            reads = []
            for kind in READS:
                ours = best(rendered[kind], 32)["rps"]
                versus = (
                    f" ({ratio(ours, best(theirs[kind], 32)['rps'])} DS)"
                    if kind in theirs
                    else ""
                )
                reads.append(f"{ours:,.0f}{versus}")
            p99 = " / ".join(
                f"{best(rendered[kind], 32)['p99_ms']:.0f}" for kind in READS
            )
            lines.append(f"| {data['label']} | {name} | {' | '.join(reads)} | {p99} |")
    lines.append("")
    return lines if len(lines) > 5 else []


def datasette_beside(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Return Datasette's figures measured beside the rendered path (or served)."""
    found: dict[str, list[dict[str, Any]]] = data.get("sqlite", {}).get(
        "datasette_beside_rendered"
    ) or data.get("datasette", {})
    return found


def rendered_detail(data: dict[str, Any], backends: list[str]) -> list[str]:
    """The rendered path at each connection count, beside Datasette."""
    measured = [
        b
        for b in backends
        if len(data[b].get("ger_rendered", {}).get("list", [])) == len(CONNECTIONS)
    ]
    if not measured:
        return []
    theirs = datasette_beside(data)
    lines = [
        "",
        "Rendered afresh (no response cache: the requests carry a session cookie), "
        "GER and Datasette in turn:",
        "",
        "| request | conn. | "
        + " | ".join(f"GER {BACKENDS[b]} req/s | p50 / p99 ms" for b in measured)
        + " | Datasette req/s | p50 / p99 ms | GER / Datasette |",
        "|---|---:|" + "---:|---:|" * (len(measured) + 1) + "---|",
    ]
    for kind in READS:
        for connections in CONNECTIONS:
            cells, ratios = [], []
            other = best(theirs[kind], connections) if kind in theirs else None
            for backend in measured:
                ours = best(data[backend]["ger_rendered"][kind], connections)
                cells += [f"{ours['rps']:,.0f}", f"{ours['p50_ms']} / {ours['p99_ms']}"]
                if other is not None:
                    ratios.append(ratio(ours["rps"], other["rps"]))
            if other is not None:
                cells += [
                    f"{other['rps']:,.0f}",
                    f"{other['p50_ms']} / {other['p99_ms']}",
                ]
            else:
                cells += ["—", "—"]
            lines.append(
                f"| {kind} | {connections} | {' | '.join(cells)} | "
                f"{', '.join(ratios) or '—'} |"
            )
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
    served = bool(data.get("datasette", {}).get("list")) and all(
        "list" in data[b]["ger"] for b in backends
    )
    runs = len(datasette_beside(data).get("list", [{}])[0].get("runs_rps", [0]))
    lines = [
        f"#### {data['label']} ({data['missions']:,} missions; edition "
        f"{data['edition']} with {data['plans_in_edition']:,} plans)",
        "",
        f"Datasette: {config}, FTS5, `sql_time_limit_ms` 10000, `suggest_facets` "
        f"off{chosen}. Same answers from both: {same}. Each figure is the best of "
        f"{runs} runs.",
        "",
    ]
    if served:
        lines += served_detail(data, backends)
    lines += rendered_detail(data, backends)
    if all("ceiling" in data[b]["ger"] for b in backends):
        lines += edition_detail(data, backends)
    lines += memory_and_sweep(data, backends)
    return lines


def served_detail(data: dict[str, Any], backends: list[str]) -> list[str]:
    """GER as served to anonymous readers, beside Datasette."""
    lines = [
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
    return lines


def edition_detail(data: dict[str, Any], backends: list[str]) -> list[str]:
    """The ceiling, the published edition and its static export."""
    nginx = data.get("nginx", {})
    lines = [
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
    return lines


def memory_and_sweep(data: dict[str, Any], backends: list[str]) -> list[str]:
    """The servers' memory under load and the latency sweep."""
    nginx = data.get("nginx", {})
    memory = []
    for backend in backends:
        m = data[backend]["ger_memory"]
        memory.append(
            f"GER on {BACKENDS[backend]} {m['peak_pss_mib']} MiB PSS in "
            f"{m['processes']} processes (largest {m['peak_rss_of_one_process_mib']} "
            f"MiB RSS)"
        )
    if "datasette_memory" in data:
        memory.append(f"Datasette {data['datasette_memory']['peak_pss_mib']} MiB")
    if "memory" in nginx:
        memory.append(f"nginx {nginx['memory']['peak_pss_mib']} MiB")
    paths = ", ".join(f"`{p}`" for p in nginx.get("paths", {}).values())
    lines = [
        "",
        f"Peak memory of the servers under this load (PSS counts shared pages once): "
        f"{'; '.join(memory)}. Static export: {nginx.get('source', 'not built')}"
        + (f", requests {paths}." if paths else "."),
    ]
    if not all("sweep" in data[b] for b in backends):
        return [*lines, ""]
    lines += [
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
    lines = heading(report) + summary(report) + rendered_summary(report)
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
