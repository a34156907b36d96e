"""The ``ger`` command: Django's management with GER's settings preset."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command (``ger migrate``, ``ger seed``, ``ger serve``…)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ger.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["ger", *(sys.argv[1:] if argv is None else argv)])
    except ImproperlyConfigured as error:
        # A configuration mistake deserves one clear line, not a traceback.
        sys.stderr.write(f"ger: configuration error: {error}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
