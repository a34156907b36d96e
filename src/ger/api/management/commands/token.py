"""``ger token EMAIL``: create (or revoke) an API token for a user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ger.registry.models import ApiToken
from ger.registry.tokens import create_token, revoke_token


class Command(BaseCommand):
    help = (
        "Create an API token for a user and print it once; or revoke one by its prefix."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the user's e-mail address")
        parser.add_argument(
            "--name", default="command line", help="what the token is for"
        )
        parser.add_argument(
            "--revoke", metavar="PREFIX", help="revoke the token with this prefix"
        )
        parser.add_argument(
            "--list", action="store_true", help="list the user's tokens"
        )

    def handle(self, *args: Any, **options: Any) -> str:
        user = get_user_model().objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"email: no user {options['email']!r}")
        tokens = ApiToken.objects.filter(user=user)
        if options["list"]:
            return (
                "\n".join(
                    f"{t.prefix}…  {t.name}  created {t.created_at:%Y-%m-%d}"
                    f"{'  revoked' if t.revoked_at else ''}"
                    for t in tokens
                )
                or "No token."
            )
        if options["revoke"]:
            token = tokens.filter(prefix=options["revoke"]).first()
            if token is None:
                raise CommandError(
                    f"--revoke: no token {options['revoke']!r} for this user"
                )
            revoke_token(token)
            return f"Revoked {token.prefix}…"
        token, secret = create_token(user, options["name"])
        return (
            f"{secret}\n"
            "Keep it now: GER stores only its SHA-256 and cannot show it again.\n"
            "Use it as: Authorization: Bearer <token>"
        )
