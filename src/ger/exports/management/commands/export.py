"""``ger export FORMAT``: write an export of the current plan or of an edition."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ger.editions.models import SnapshotCorruptError
from ger.editions.workflow import find_edition
from ger.exports.services import FORMATS, build_export
from ger.plans.filters import MULTI_PARAMETERS, ORDERINGS, FilterError

SINGLE_PARAMETERS = {
    "crewed": ("true|false", "Crewed or robotic missions only."),
    "planned_after": ("YEAR", "Planned to launch in or after this year."),
    "planned_before": ("YEAR", "Planned to launch in or before this year."),
    "ordering": ("ORDER", "Order of the rows: " + ", ".join(ORDERINGS) + "."),
}
BINARY_FORMATS = ("datapackage",)


def option_name(parameter: str) -> str:
    """Return the option of a filter parameter: planned_after → --planned-after."""
    return "--" + parameter.replace("_", "-")


class Command(BaseCommand):
    help = (
        "Write an export (csv, json, ics, geojson, mspdi, datapackage) of the "
        "missions the filters select, from the current plan or an edition."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("format", choices=FORMATS)
        parser.add_argument(
            "--edition",
            metavar="CODE_OR_SLUG",
            help="Edition code or slug (default: the current plan).",
        )
        for name in MULTI_PARAMETERS:
            parser.add_argument(
                option_name(name),
                dest=name,
                action="append",
                default=[],
                metavar="VALUE",
                help=f"Filter by {name} (repeatable, or comma-separated).",
            )
        for name, (metavar, text) in SINGLE_PARAMETERS.items():
            parser.add_argument(
                option_name(name), dest=name, default="", metavar=metavar, help=text
            )
        parser.add_argument(
            "--out",
            type=Path,
            metavar="FILE",
            help="File to write (default: standard output).",
        )
        parser.add_argument(
            "--base-url",
            default="",
            metavar="URL",
            help="Site address for links in the iCalendar feed, e.g. https://ger.example",
        )

    def handle(self, *args: Any, **options: Any) -> str:
        export_format: str = options["format"]
        edition = None
        if options["edition"]:
            edition = find_edition(options["edition"])
            if edition is None:
                raise CommandError(
                    f"--edition: no edition has the code or slug {options['edition']!r}"
                )
        if export_format in BINARY_FORMATS and options["out"] is None:
            raise CommandError(
                f"--out: {export_format} is a zip file; give a file name"
            )
        params = {
            name: options[name] for name in (*MULTI_PARAMETERS, *SINGLE_PARAMETERS)
        }
        try:
            rendered = build_export(export_format, params, edition, options["base_url"])
        except FilterError as error:
            raise CommandError(
                f"{option_name(error.parameter)}: {error.message}"
            ) from None
        except SnapshotCorruptError as problem:
            raise CommandError(str(problem)) from None
        out: Path | None = options["out"]
        if out is None:
            self.stdout.write(rendered.content.decode("utf-8"), ending="")
            return ""
        try:
            out.write_bytes(rendered.content)
        except OSError as problem:
            raise CommandError(f"--out: {problem}") from None
        return f"wrote {out} ({rendered.media_type}, {len(rendered.content)} bytes)"
