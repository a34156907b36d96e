"""``ger demo_accounts``: create the demo cast for development, print its sign-ins."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ger.registry.services import ensure_demo_accounts


class Command(BaseCommand):
    help = (
        "Development only (DEBUG=true): create or reset a secretariat user and "
        "editors for NASA and ESA, and print their sign-in details."
    )

    def handle(self, *args: Any, **options: Any) -> str:
        if not settings.DEBUG:
            raise CommandError(
                "demo accounts are for development only: refusing because DEBUG is off"
            )
        accounts = ensure_demo_accounts()
        if not accounts:
            return "No demo account created: load the data first (ger seed)."
        lines = ["Demo accounts (development only) — sign in at /accounts/login/:"]
        lines += [
            f"  {account.role:<11} {account.agency or '':<5} "
            f"{account.email}  password: {account.password}"
            for account in accounts
        ]
        return "\n".join(lines)
