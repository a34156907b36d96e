"""``ger analyze NAME``: run one coordination analysis and print its result."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ger.analysis import services
from ger.analysis.backtest import BacktestReport
from ger.analysis.crossval import CrossValidation
from ger.analysis.montecarlo import RiskReport
from ger.analysis.results import AnalysisResult, to_csv, to_json, to_text_table
from ger.analysis.risk import CalibrationError
from ger.analysis.schedule import FIRST_CREWED_LANDING, ScheduleError
from ger.analysis.schedule_reports import ScheduleReport, parse_moves

NAMES = (
    "coverage",
    "partnerships",
    "schedule",
    "critical-path",
    "whatif",
    "risk",
    "backtest",
    "forecast",
    "proximity",
)


class Command(BaseCommand):
    help = (
        "Run a coordination analysis (coverage, partnerships, schedule, whatif, "
        "risk, backtest, forecast, proximity) on the current plan or an edition; "
        "nothing is written to the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", choices=NAMES)
        parser.add_argument(
            "--edition", help="Edition slug or code (default: live plan)."
        )
        parser.add_argument(
            "--format", choices=("table", "json", "csv"), default="table"
        )
        parser.add_argument("--agency", help="Partnerships of this agency code only.")
        parser.add_argument(
            "--all-organisations",
            action="store_true",
            help="Pair any organisations, not only coordination-group members.",
        )
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--trials", type=int, default=10_000)
        parser.add_argument(
            "--move",
            action="append",
            default=[],
            metavar="SLUG=+N",
            help="What-if: move a mission by N months (repeatable).",
        )
        parser.add_argument("--milestone", default=FIRST_CREWED_LANDING)
        parser.add_argument(
            "--before-year", type=int, help="Coverage: gaps with no mission before it."
        )
        parser.add_argument("--threshold-km", type=float, default=100.0)
        parser.add_argument(
            "--cutoff",
            type=dt.date.fromisoformat,
            help=(
                "Back-test of an edition's plans: forecast as of this date (default: "
                "the edition's date). Without --edition or --cutoff, the back-test is "
                "the leave-one-mission-out cross-validation of the forecast model."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> str:
        try:
            result = self.run(options)
        except ObjectDoesNotExist:
            raise CommandError(f"no edition {options['edition']!r}") from None
        except (ScheduleError, CalibrationError, ValueError) as error:
            raise CommandError(str(error)) from None
        if options["format"] == "json":
            return to_json(result)
        if options["format"] == "csv":
            return to_csv(result)
        return "\n".join([*header(result), to_text_table(result)])

    def run(self, options: dict[str, Any]) -> AnalysisResult:
        name, edition = options["name"], options["edition"]
        if name == "coverage":
            return services.coverage(edition, options["before_year"])
        if name == "partnerships":
            return services.partnerships(
                edition,
                options["agency"],
                members_only=not options["all_organisations"],
            )
        if name in ("schedule", "critical-path"):
            return services.schedule(edition, options["milestone"])
        if name == "whatif":
            if not options["move"]:
                choices = ", ".join(
                    slug for slug, _name in services.movable_missions(edition)
                )
                raise CommandError(
                    "whatif needs at least one --move SLUG=+N; the missions that can "
                    f"still move (to fly, with a planned date): {choices or 'none'}"
                )
            return services.whatif(parse_moves(options["move"]), edition)
        if name == "risk":
            return services.risk(edition, options["trials"], options["seed"])
        if name == "forecast":
            return services.forecasts()
        if name == "backtest" and not (edition or options["cutoff"]):
            return services.cross_validation()
        if name == "backtest":
            return services.risk_backtest(
                edition, options["trials"], options["seed"], options["cutoff"]
            )
        return services.proximity(edition, options["threshold_km"])


def header(result: AnalysisResult) -> list[str]:
    """Return the lines that say what a table was computed from."""
    data = result.as_dict()
    lines = []
    source = data.get("source")
    if source:
        lines.append(
            f"{data['analysis']} of {source['label']} as of {source['as_of']}: "
            f"{source['missions']} missions, {source['dependencies']} dependencies"
        )
        lines.extend(f"note: {note}" for note in source["notes"])
    if isinstance(result, ScheduleReport):
        target = data["target"]
        lines.append(
            f"milestone {result.milestone}: no dated mission matches it"
            if target is None
            else f"milestone {result.milestone}: {target['name']} ({target['slug']}), "
            f"earliest {target['earliest']}; critical path: "
            + " → ".join(link["slug"] for link in data["critical_path"])
        )
    if isinstance(result, RiskReport):
        lines.append(
            "not a published forecast: this Monte Carlo is scored per edition by "
            "`backtest --edition`; what the portal shows, and only where the model "
            "beats the plan in cross-validation, is `ger analyze forecast`"
        )
        lines.append(f"{result.trials} trials, seed {result.seed}")
        lines.extend(calibration_lines(data["calibration"]))
    if isinstance(result, CrossValidation):
        lines.append(
            f"{data['method']} as of {data['as_of']}: "
            f"{data['held_out']} held-out statements of {data['missions_held_out']} "
            f"missions, out of {data['statements']}; not scored: {data['not_scored']}"
        )
        lines.append(
            "model beats both baselines on CRPS: "
            + ("yes" if data["model_beats_both_baselines"] else "no")
        )
    if isinstance(result, BacktestReport):
        lines.append(
            f"backtest of {result.edition}: calibrated on what was known on "
            f"{result.cutoff}, scored on {result.scored_on}"
        )
        if result.error:
            lines.append(f"not possible: {result.error}")
        else:
            lines.extend(calibration_lines(data["calibration"]))
            lines.append(f"summary: {data['summary']}")
    return [*lines, ""]


def calibration_lines(calibration: dict[str, Any]) -> list[str]:
    """Return one line per class: its samples and the fit its missions use."""
    lines = [f"calibration as of {calibration['as_of']}:"]
    for entry in calibration["classes"]:
        fit = entry["fit"]
        lines.append(
            f"  {entry['class']:<15} {entry['samples']:>3} samples "
            f"({entry['on_time']} on time, {entry['late']} late, "
            f"{entry['waiting']} waiting) from {entry['missions']} missions; "
            f"uses {entry['uses_fit_of']}: P(on time) {fit['p_on_time']:.2f}, "
            f"median delay when late "
            f"{fit['late_months_lognormal']['median']:.1f} months"
        )
    return lines
