"""``ger serve``: run GER under gunicorn, the production WSGI server."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Serve GER with gunicorn (sync workers); runserver stays for development. "
        "Background tasks (edition builds) run in their own process: start "
        "`ger db_worker` beside it (make run starts both)."
    )
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        # Defaults from the typed settings (GER_BIND, GER_WORKERS).
        parser.add_argument("--bind", default=settings.GER_BIND)
        parser.add_argument("--workers", type=int, default=settings.GER_WORKERS)
        parser.add_argument("--threads", type=int, default=1)
        parser.add_argument("--timeout", type=int, default=60)
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="Do not collect static files first (they are already collected).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_collectstatic"]:
            # Production storage serves hashed names from the manifest it writes.
            call_command("collectstatic", interactive=False, verbosity=0)
        # Builds queued from the workspace wait until a worker runs them; say so once.
        self.stderr.write(
            "Edition builds run in their own process: keep `ger db_worker` running "
            "beside this server (docs/deploy.md)."
        )
        argv = [
            "gunicorn",
            "ger.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--timeout",
            str(options["timeout"]),
            "--access-logfile",
            "-",
        ]
        os.execvp(sys.executable, [sys.executable, "-m", *argv])
