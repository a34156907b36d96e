"""Answer repeated anonymous reads before Django runs: the front cache.

``ger.http.caching`` decides what an anonymous reader may be served from a cache
(``public_read`` for the current plan, ``immutable_read`` for published editions)
and marks such a request in its WSGI environ. This WSGI wrapper keeps the complete
answer to a marked ``GET`` as it left Django — status, body and every header the
middleware added (security headers, CSP, ``Vary``, ``ETag``) — in this process's
memory, and answers the same read again without building a request, running the
middleware or resolving the URL: what a caching reverse proxy would do, inside
each worker.

A kept answer is served only while it is still true:

- an answer about the current plan holds for the plan generation it was rendered
  in, and for ``CURRENT_PLAN_MAX_AGE`` seconds at most, as in ``public_read``. Each
  process reads the current generation from the shared cache at most every
  ``RECHECK_SECONDS``: a change shows at once in the process that made it and within
  half a second in the others (writers are signed in or use a token, and are
  never answered from here, so they always see their own change);
- an answer about a published edition holds for good (an edition saved or deleted
  in this process empties them, as it empties ``ger.http.caching``'s memo).

Only anonymous reads are answered here (``GET``/``HEAD`` with no
``Authorization`` and no session cookie); anything else, and every miss, goes to
Django. API reads still count against the anonymous rate limit: a client over it
is handed to Django, which answers ``429`` in the API's error shape.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http.cookie import parse_cookie

from ger.http.caching import (
    FRONT_MARK,
    IMMUTABLE_MARK,
    LocalResponses,
    etags_in,
)
from ger.http.negotiation import accepts_json
from ger.http.throttling import anonymous_api_limit, count_in_pipeline
from ger.plancache import (
    CURRENT_PLAN_MAX_AGE,
    GENERATION_KEY,
    plan_generation,
    redis_client,
    redis_loads,
)

logger = logging.getLogger(__name__)
StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
# Per worker process: the bodies kept, least recently used out first.
FRONT_BUDGET_BYTES = 64 * 1024 * 1024
# How long a process trusts the plan generation it last read from the shared cache:
# a change made by another process shows to anonymous readers within this time.
RECHECK_SECONDS = 0.5
# Headers a 304 leaves out (RFC 9110 15.4.5: it has no content).
NOT_IN_304 = frozenset({"content-length", "content-type"})


class _Kept:
    """One kept answer: when it stops holding, and what to send."""

    __slots__ = ("body", "expires", "generation", "headers", "status", "tag")

    def __init__(
        self,
        status: str,
        headers: list[tuple[str, str]],
        body: bytes,
        generation: str | None,
    ) -> None:
        self.status = status
        self.headers = headers
        self.body = body
        # None: a published edition's answer, true for good.
        self.generation = generation
        self.expires = (
            time.monotonic() + CURRENT_PLAN_MAX_AGE if generation is not None else None
        )
        self.tag = next(
            (value for name, value in headers if name.lower() == "etag"), None
        )


class _Client:
    """What the rate limit reads of a request: its address (``META``), no token."""

    __slots__ = ("META", "auth")

    def __init__(self, environ: dict[str, Any]) -> None:
        self.META = environ
        self.auth = None


class _Store(LocalResponses):
    """``LocalResponses`` keyed by address, holding ``_Kept`` answers."""

    def get_kept(self, key: str) -> _Kept | None:
        found = self.get(key)
        return found[2] if found is not None else None  # type: ignore[return-value]

    def put_kept(self, key: str, kept: _Kept) -> None:
        # LocalResponses budgets on the second item's length: the body.
        self.put(key, (0, kept.body, kept))  # type: ignore[arg-type]


def _session_cookie(environ: dict[str, Any]) -> bool:
    """Return whether the request carries a session cookie, as Django reads it."""
    header: str = environ.get("HTTP_COOKIE") or ""
    name = settings.SESSION_COOKIE_NAME
    return name in header and name in parse_cookie(header)


def read_key(environ: dict[str, Any]) -> str | None:
    """Return the key of an anonymous read, or None for anything else.

    What selects an anonymous answer: the host and scheme, the address with its
    query, and whether JSON was asked for (as ``ger.http.caching`` decides). The
    language is in the address (``/fr/…``; unprefixed addresses are English
    whatever the browser asks).
    """
    if environ.get("REQUEST_METHOD") not in {"GET", "HEAD"}:
        return None
    if "HTTP_AUTHORIZATION" in environ or _session_cookie(environ):
        return None
    return "\x00".join(
        (
            environ.get("HTTP_HOST", "") or environ.get("SERVER_NAME", ""),
            environ.get("wsgi.url_scheme", ""),
            # The scheme the TLS proxy saw (SECURE_PROXY_SSL_HEADER): HSTS, redirects.
            environ.get("HTTP_X_FORWARDED_PROTO", ""),
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            "json" if accepts_json(environ.get("HTTP_ACCEPT", "")) else "any",
        )
    )


class FrontCache:
    """Wrap a WSGI application (Django's) with the front cache."""

    def __init__(self, app: WSGIApp, budget: int = FRONT_BUDGET_BYTES) -> None:
        self.app = app
        self.store = _Store(budget)
        self._api_limit: Any = None
        # The plan generation last read from the shared cache, and when.
        self._generation = ""
        self._checked = -RECHECK_SECONDS
        for signal in (post_save, post_delete):
            signal.connect(
                self._edition_changed,
                dispatch_uid=f"ger-front-cache-{id(self)}-{id(signal)}",
                weak=False,
            )
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(
                self._plan_changed,
                dispatch_uid=f"ger-front-cache-plan-{id(self)}-{id(signal)}",
                weak=False,
            )

    def __call__(
        self, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        key = read_key(environ)
        if key is None:
            return self.app(environ, start_response)
        kept = self.store.get_kept(key)
        if kept is not None and self._may_serve_safely(kept, environ):
            return self._answer(kept, environ, start_response)
        return self._fill(key, environ, start_response)

    def clear(self) -> None:
        self.store.clear()

    # ------------------------------------------------------------------ internals

    def _may_serve_safely(self, kept: _Kept, environ: dict[str, Any]) -> bool:
        """``_may_serve``; when the shared cache cannot answer, Django decides."""
        try:
            return self._may_serve(kept, environ)
        except Exception:  # Redis down or unreachable: Django logs and answers
            logger.warning("front cache: shared cache unavailable", exc_info=True)
            return False

    def _may_serve(self, kept: _Kept, environ: dict[str, Any]) -> bool:
        """Return whether ``kept`` still holds and the client is within its limit.

        With Redis, whatever must be read (the plan generation, the API rate-limit
        counter) is read in one round trip.
        """
        now = time.monotonic()
        if kept.expires is not None and now > kept.expires:
            return False
        limit, counter = self._counter(environ)
        check = kept.generation is not None and now - self._checked > RECHECK_SECONDS
        client = redis_client()
        if client is None:
            if check:
                self._remember(plan_generation(), now)
            if kept.generation is not None and kept.generation != self._generation:
                return False
            return counter is None or limit.allow_request(_Client(environ))
        if not check and counter is None:
            return kept.generation in {None, self._generation}
        backend = caches[DEFAULT_CACHE_ALIAS]
        pipe = client.pipeline(transaction=False)
        if check:
            pipe.get(backend.make_and_validate_key(GENERATION_KEY))
        if counter is not None:
            name, timeout = counter
            count_in_pipeline(pipe, backend.make_and_validate_key(name), timeout)
        answers = list(pipe.execute())
        if check:
            value = answers.pop(0)
            if value is None:
                return False  # the shared cache was emptied: Django starts anew
            self._remember(str(redis_loads(value)), now)
        if kept.generation is not None and kept.generation != self._generation:
            return False
        return counter is None or limit.allows(int(answers[0]))

    def _remember(self, generation: str, now: float) -> None:
        self._generation, self._checked = generation, now

    def _plan_changed(self, *_args: Any, **kwargs: Any) -> None:
        """A change made in this process shows at once in this process."""
        self._checked = -RECHECK_SECONDS

    def _counter(self, environ: dict[str, Any]) -> tuple[Any, tuple[str, int] | None]:
        """Return the API's anonymous rate limit and this client's counter in it.

        The counter is None for reads outside the API, which have no rate limit.
        """
        if not environ.get("PATH_INFO", "").startswith("/api/"):
            return None, None
        if self._api_limit is None:
            # The API's own limiter: the same limit and the same counters.
            self._api_limit = anonymous_api_limit()
        return self._api_limit, self._api_limit.window_counter(_Client(environ))

    def _answer(
        self, kept: _Kept, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        condition = environ.get("HTTP_IF_NONE_MATCH")
        if condition and kept.tag and kept.tag in etags_in(condition):
            headers = [(n, v) for n, v in kept.headers if n.lower() not in NOT_IN_304]
            start_response("304 Not Modified", headers)
            return []
        start_response(kept.status, list(kept.headers))
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [kept.body]

    def _fill(
        self, key: str, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        seen: dict[str, Any] = {}

        def capture(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        mark = environ.get(FRONT_MARK)
        if (
            mark is None
            or environ.get("REQUEST_METHOD") != "GET"
            or not str(seen.get("status", "")).startswith("200")
            or any(name.lower() == "set-cookie" for name, _ in seen["headers"])
        ):
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()  # Django's request_finished: connections go back
        generation = None if mark == IMMUTABLE_MARK else str(mark)
        if generation is not None:
            # Django read it from the shared cache just now.
            self._remember(generation, time.monotonic())
        kept = _Kept(seen["status"], seen["headers"], body, generation)
        self.store.put_kept(key, kept)
        return [body]

    def _edition_changed(self, *_args: Any, **kwargs: Any) -> None:
        sender = kwargs.get("sender")
        if getattr(getattr(sender, "_meta", None), "label", "") == "editions.Edition":
            self.store.clear()
