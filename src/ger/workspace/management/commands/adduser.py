"""``ger adduser EMAIL --agency CODE --role editor|secretariat``: create an account."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from ger.registry.models import UserRole
from ger.registry.services import AccountError, create_account, invitation_parts


class Command(BaseCommand):
    help = (
        "Create an agency editor or secretariat account: prompt for a password "
        "(--password) or print an invitation link."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The user's e-mail address (their sign-in).")
        parser.add_argument(
            "--role", choices=UserRole.Kind.values, default=UserRole.Kind.EDITOR
        )
        parser.add_argument("--agency", help="Agency code; required for editors.")
        parser.add_argument(
            "--password",
            action="store_true",
            help="Prompt for the password instead of printing an invitation link.",
        )
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where GER is served, for the invitation link.",
        )

    def _prompt_password(self, email: str) -> str:
        try:
            first = getpass.getpass(f"Password for {email}: ")
            second = getpass.getpass("Password (again): ")
        except (EOFError, KeyboardInterrupt):
            raise CommandError("password: no password was given") from None
        if first != second:
            raise CommandError("password: the two passwords differ")
        try:
            validate_password(first)
        except ValidationError as problem:
            raise CommandError("password: " + " ".join(problem.messages)) from None
        return first

    def handle(self, *args: Any, **options: Any) -> str:
        email = options["email"]
        password = self._prompt_password(email) if options["password"] else None
        try:
            user = create_account(email, options["role"], options["agency"], password)
        except AccountError as problem:
            raise CommandError(str(problem)) from None
        where = f" for {options['agency'].upper()}" if options["agency"] else ""
        summary = f"Created {options['role']} account {user.get_username()}{where}."
        if password is None:
            uid, token = invitation_parts(user)
            link = options["base_url"].rstrip("/") + reverse(
                "workspace:invitation", args=[uid, token]
            )
            summary += f"\nInvitation link (choose a password): {link}"
        return summary
