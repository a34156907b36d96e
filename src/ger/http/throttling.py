"""Rate limits that cost the same at any limit: one counter per client and window.

django-ninja's throttles keep, per client, the list of its request times over the
period (600 or 3,000 floats for GER's limits), read and rewrite it whole on every
request, and count an anonymous client twice (as anonymous and as "user"). Here
each client has one integer per fixed window (``cache.incr``: atomic in Redis), and
each request is counted once: anonymous clients by address, token users by token.
A client may burst to twice the limit across a window's edge; for a read API
that is a fair price for a check that stays cheap under load.
"""

from __future__ import annotations

import time
from functools import cache as once
from typing import Any

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.http import HttpRequest
from ninja.throttling import AnonRateThrottle, AuthRateThrottle, SimpleRateThrottle

from ger.http.client_address import client_address
from ger.plancache import redis_client


class _FixedWindow(SimpleRateThrottle):
    """``allow_request`` and ``wait`` of a fixed-window counter."""

    _retry_after = 1.0

    def allow_request(self, request: HttpRequest) -> bool:
        counter = self.window_counter(request)
        if counter is None:
            return True
        return self.allows(_count(*counter))

    def window_counter(self, request: Any) -> tuple[str, int] | None:
        """Return the name and lifetime of the client's counter in this window.

        None when the request is not counted by this limit.
        """
        key = self.get_cache_key(request)
        if not key or self.num_requests is None or not self.duration:
            return None
        now = time.time()
        window = int(now // self.duration)
        self._retry_after = (window + 1) * self.duration - now
        return f"{key}:{window}", self.duration + 1

    def allows(self, count: int) -> bool:
        """Return whether a client's ``count``-th request in a window is allowed."""
        return self.num_requests is None or count <= self.num_requests

    def wait(self) -> float | None:
        return max(1.0, self._retry_after)


def count_in_pipeline(pipe: Any, name: str, timeout: int) -> None:
    """Queue INCR and EXPIRE of the Redis key ``name`` (one round trip with others)."""
    pipe.incr(name)
    pipe.expire(name, timeout)


def _count(counter: str, timeout: int) -> int:
    """Add one to ``counter`` (created with ``timeout``) and return its value."""
    client = redis_client()
    if client is not None:
        # One round trip: INCR and EXPIRE together (Django's incr asks EXISTS
        # first, and sets no expiry). The window is in the name: a later expiry
        # only keeps a finished window's counter a little longer.
        name = caches[DEFAULT_CACHE_ALIAS].make_and_validate_key(counter)
        pipe = client.pipeline(transaction=False)
        count_in_pipeline(pipe, name, timeout)
        count, _expiry = pipe.execute()
        return int(count)
    try:
        return int(cache.incr(counter))
    except ValueError:
        # The window's first request (or another worker created it meanwhile).
        return 1 if cache.add(counter, 1, timeout) else int(cache.incr(counter))


class AnonymousRateLimit(_FixedWindow, AnonRateThrottle):
    """Anonymous clients, by address (requests with a token are not counted here)."""

    def get_ident(self, request: HttpRequest) -> str:
        # The client's own address behind a trusted proxy; never one it sent itself.
        return client_address(request)


class TokenRateLimit(_FixedWindow, AuthRateThrottle):
    """Token users, by token; anonymous clients are left to ``AnonymousRateLimit``."""

    def get_cache_key(self, request: HttpRequest) -> str:
        if getattr(request, "auth", None) is None:
            return ""  # not counted: see allow_request
        return super().get_cache_key(request)


@once
def anonymous_api_limit() -> AnonymousRateLimit:
    """Return the API's one anonymous rate limit (``GER_API_ANONYMOUS_RATE``).

    One object per process, shared by the API and the front cache, which counts the
    reads it answers against the same limit and the same counters.
    """
    return AnonymousRateLimit(settings.GER_API_ANONYMOUS_RATE)
