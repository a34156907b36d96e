"""Bearer-token authentication for API writes (``ger token`` or the workspace)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.security import HttpBearer

from ger.registry.tokens import user_for_token


class BearerToken(HttpBearer):
    """Accept ``Authorization: Bearer ger_…`` for an active, unrevoked token."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if isinstance(user, User):
            # The permission module reads request.user, as for the web.
            request.user = user
            return user
        return None


def api_user(request: HttpRequest) -> User:
    """Return the token's user on an endpoint that requires a bearer token."""
    user = request.user
    assert isinstance(user, User), "bearer authentication lets only token users through"
    return user


bearer = BearerToken()
