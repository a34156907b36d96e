"""Sign-in throttling for every sign-in form (the workspace's and the admin's).

django-axes records each failed sign-in (address, account, browser) in the database
and refuses further tries while a client is locked out. GER counts failures at three
levels over a 15-minute window, so that guessing is slow, spraying many accounts from
one address stops, and a stranger cannot lock a colleague out:

- one address and one account: 5 failures lock that pair only; the account's owner,
  signing in from elsewhere, is not affected;
- one address, any accounts: 20 failures lock the address (password spraying);
- one account, any addresses: 50 failures lock the account everywhere (a guessing
  attack spread over many addresses), far above what a stranger's few tries reach.

The address is the client's own behind a trusted proxy (``GER_TRUSTED_PROXIES``).
Every lockout is logged (``ger.security``) and listed for the secretariat.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.db.models import Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger("ger.security")

ADDRESS_ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
ACCOUNT_LIMIT = 50
WINDOW = dt.timedelta(minutes=15)


def account_name(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """Return the account a sign-in names, as counted: trimmed, lower case."""
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get("username", "")
    return str(raw).strip().lower()[:254]


@dataclass(frozen=True)
class Lockout:
    """Why sign-ins are refused: which level, and the failures counted there."""

    level: str
    failures: int
    limit: int


def _failures(**match: str) -> int:
    recent = AccessAttempt.objects.filter(
        attempt_time__gte=timezone.now() - WINDOW, **match
    )
    total = recent.aggregate(total=Sum("failures_since_start"))["total"]
    return int(total or 0)


def lockout_of(address: str, account: str) -> Lockout | None:
    """Return the lockout a sign-in from ``address`` to ``account`` meets, or None."""
    checks = (
        ("address and account", {"ip_address": address, "username": account}),
        ("address", {"ip_address": address}),
        ("account", {"username": account}),
    )
    limits = (ADDRESS_ACCOUNT_LIMIT, ADDRESS_LIMIT, ACCOUNT_LIMIT)
    for (level, match), limit in zip(checks, limits, strict=True):
        if level != "address" and not account:
            continue
        failures = _failures(**match)
        if failures >= limit:
            return Lockout(level, failures, limit)
    return None


class TieredSignInHandler(AxesDatabaseHandler):
    """Axes' database handler, locking at the three levels of this module."""

    def is_locked(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> bool:
        address = str(getattr(request, "axes_ip_address", "") or "")
        account = get_client_username(request, credentials) or ""
        return lockout_of(address, account) is not None

    def user_login_failed(
        self,
        sender: Any,
        credentials: dict[str, Any],
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        # Axes itself locks at the address-and-account level; the others are ours.
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if self.is_locked(request, credentials):
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = credentials  # type: ignore[attr-defined]
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
            )


class SignInThrottleBackend(AxesStandaloneBackend):
    """Refuse sign-ins while locked out; lets calls without a request through.

    Every sign-in over HTTP passes its request; only code running in the server's
    own process (the test client's ``login``) calls without one, and there is no
    client to throttle.
    """

    def authenticate(
        self, request: HttpRequest | None, *args: Any, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, *args, **kwargs)
        return None


@receiver(user_locked_out)
def log_lockout(
    sender: Any, request: HttpRequest, username: str, ip_address: str, **kwargs: Any
) -> None:
    """Log every lockout: who was tried, from where, on which form."""
    lockout = lockout_of(ip_address or "", username or "")
    logger.warning(
        "sign-in locked out: account %r from %s on %s (%s)",
        username,
        ip_address,
        request.path,
        f"{lockout.failures} failures by {lockout.level}" if lockout else "locked",
    )


def locked_out_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """Answer a refused sign-in: the sign-in page with a clear message, 429."""
    from ger.workspace.forms import SignInForm

    message = _("Too many failed sign-ins: wait 15 minutes and try again.")
    form = SignInForm(request, initial={"username": account_name(request, credentials)})
    context = {"form": form, "blocked": message, "next": request.POST.get("next", "")}
    response = render(request, "workspace/login.html", context, status=429)
    response["Retry-After"] = str(int(WINDOW.total_seconds()))
    return response
