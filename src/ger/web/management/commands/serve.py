"""``ger serve``: run GER under gunicorn, the production WSGI server."""

from __future__ import annotations

import os
import sys
from typing import Any

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
        parser.add_argument(
            "--bind", default=os.environ.get("GER_BIND", "127.0.0.1:8000")
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("GER_WORKERS", (os.cpu_count() or 1) * 2 + 1)),
        )
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
