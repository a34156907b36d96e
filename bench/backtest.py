"""Back-test of the schedule-risk forecast on the bundled data, and its calibration.

Run with ``make bench`` (or ``python bench/backtest.py``). The cut-offs are fixed
here, before any result was seen: each supplement's own date, then whole years
before the data's date; the seed and the trial count are fixed too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from environment import machine, replace_section, save, setup_django

RUNS = (
    ("GER-SUPP-2020", None),
    ("GER-SUPP-2020", dt.date(2022, 10, 31)),
    ("GER-SUPP-2022", None),
    ("GER-SUPP-2022", dt.date(2023, 11, 26)),
    ("GER-SUPP-2022", dt.date(2024, 11, 26)),
)
TRIALS, SEED = 10_000, 0


def rate(found: dict[str, Any]) -> str:
    if not found["decided"]:
        return f"— (0 decided, {found['undecided']} open)"
    return (
        f"{found['hits']}/{found['decided']} = {found['rate']:.0%} "
        f"({found['undecided']} open)"
    )


def main() -> None:
    setup_django()
    from django.core.management import call_command

    from ger.analysis import services

    call_command("seed", verbosity=0)
    facts = machine()
    reports = [
        services.risk_backtest(code, TRIALS, SEED, cutoff).as_dict()
        for code, cutoff in RUNS
    ]
    calibration = services.risk(trials=100, seed=SEED).calibration.as_dict()
    validation = services.cross_validation().as_dict()
    path = save(
        "backtest",
        {
            "machine": facts,
            "backtests": reports,
            "calibration": calibration,
            "cross_validation": validation,
        },
    )
    lines = [
        "| plans of | forecast as of | forecasts (launched since / waiting / "
        "cancelled) | launched by P80 | within P10-P90 | mean error of P50 | "
        "mean abs. error | plan's own mean error |",
        "|---|---|---|---|---|---:|---:|---:|",
    ]
    for report in reports:
        summary = report["summary"]
        if report["error"]:
            lines.append(
                f"| {report['edition']} | {report['cutoff']} | not possible: "
                f"{report['error']} | | | | | |"
            )
            continue
        lines.append(
            f"| {report['edition']} | {report['cutoff']} | {summary['forecasts']} "
            f"({summary['launched_since']} / {summary['still_waiting']} / "
            f"{summary['cancelled']}) | {rate(summary['p80_coverage'])} | "
            f"{rate(summary['p10_p90_coverage'])} | "
            f"{summary['mean_error_months']} | "
            f"{summary['mean_absolute_error_months']} | "
            f"{summary['plan_mean_error_months']} |"
        )
    for report in reports:
        decided = [
            f"{row['slug']} (plan {row['planned']}, P80 {row['p80']}, "
            f"{row['outcome']} {row['actual'] or ''})".replace(" )", ")")
            for row in report["scores"]
            if row["at_or_before_p80"] is not None
        ]
        if decided:
            lines.append("")
            lines.append(
                f"Decided for {report['edition']} as of {report['cutoff']}: "
                + "; ".join(decided)
                + "."
            )
    lines += [
        "",
        f"Calibration used today (as of {calibration['as_of']}; a class needs "
        f"{calibration['min_samples_per_class']} samples with 3 observed late "
        "launches for its own fit):",
        "",
        "| class | samples | on time | late | still waiting | missions | "
        "uses fit of | P(on time) | median delay when late |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for entry in calibration["classes"]:
        fit = entry["fit"]
        lines.append(
            f"| {entry['class']} | {entry['samples']} | {entry['on_time']} | "
            f"{entry['late']} | {entry['waiting']} | {entry['missions']} | "
            f"{entry['uses_fit_of']} | {fit['p_on_time']:.2f} | "
            f"{fit['late_months_lognormal']['median']:.1f} months |"
        )
    excluded = ", ".join(f"{n} {why}" for why, n in calibration["excluded"].items())
    lines += ["", f"Plans left out: {excluded}. Results: `bench/results/{path.name}`."]
    replace_section("backtest", "\n".join(lines))
    replace_section("crossval", crossval_table(validation, path.name))
    print(f"wrote {path}")


METHODS = (
    ("model", "model (schedule growth, pooled classes)"),
    ("plan", "plan as stated"),
    ("plan_plus_median_slip", "plan + median historical slip"),
)


def crossval_table(validation: dict[str, Any], results: str) -> str:
    """Return the cross-validation's table: each method overall and per class."""
    lines = [
        f"Leave-one-mission-out, as of {validation['as_of']}: "
        f"{validation['held_out']} held-out statements of "
        f"{validation['missions_held_out']} missions, out of "
        f"{validation['statements']} dated statements (not scored: "
        + ", ".join(f"{n} {why}" for why, n in validation["not_scored"].items())
        + ").",
        "",
        "| class | held out (missions) | method | within P10-P90 | P50 mean error | "
        "P50 mean abs. error | mean CRPS (months) | model beats both |",
        "|---|---:|---|---:|---:|---:|---:|---|",
    ]
    groups = [
        (
            "all",
            f"{validation['held_out']} ({validation['missions_held_out']})",
            validation["summary"],
            validation["model_beats_both_baselines"],
        ),
        *(
            (
                entry["class"],
                f"{entry['held_out']} ({entry['missions_held_out']})",
                entry["summary"],
                entry["model_beats_both_baselines"],
            )
            for entry in validation["classes"]
        ),
    ]
    for key, held, summary, beats in groups:
        for method, words in METHODS:
            found = summary[method]
            lines.append(
                f"| {key} | {held} | {words} | {found['p10_p90_coverage']} | "
                f"{found['p50_mean_error_months']} | "
                f"{found['p50_mean_absolute_error_months']} | "
                f"{found['mean_crps_months']} | "
                + (("yes" if beats else "no") if method == "model" else "")
                + " |"
            )
    lines += ["", f"Results: `bench/results/{results}` (`cross_validation`)."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
