"""``ger build EDITION --out DIR``: an edition's PDF, site, data and checksums."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from ger.publishing.services import BuildError, build_edition, find_published_edition


class Command(BaseCommand):
    help = (
        "Build a published edition into DIR: roadmap.pdf, a static site (site/), "
        "the data release (data/) and SHA256SUMS. The same edition always gives "
        "the same bytes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("edition", help="Code or slug of a published edition.")
        parser.add_argument(
            "--out", type=Path, required=True, help="Folder to write (replaced whole)."
        )
        parser.add_argument(
            "--lang",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language of the document and the site (default English).",
        )

    def handle(self, *args: Any, **options: Any) -> str:
        # Every translated string of the build (templates, charts, labels) follows this.
        with translation.override(options["lang"]):
            return self._build(options)

    def _build(self, options: dict[str, Any]) -> str:
        try:
            edition = find_published_edition(options["edition"])
            console = Console(stderr=True)
            if options["verbosity"] < 1 or not console.is_terminal:
                result = build_edition(edition, options["out"])
            else:
                with Progress(
                    TextColumn("{task.description}"),
                    BarColumn(),
                    TextColumn("{task.completed}/{task.total}"),
                    TimeElapsedColumn(),
                    console=console,
                    transient=True,
                ) as bar:
                    task = bar.add_task(edition.code, total=None)

                    def report(step: int, steps: int, label: str) -> None:
                        bar.update(
                            task,
                            completed=step - 1,
                            total=steps,
                            description=f"{edition.code}: {label}",
                        )

                    result = build_edition(edition, options["out"], report)
        except BuildError as problem:
            raise CommandError(str(problem)) from None
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        return result.describe()
