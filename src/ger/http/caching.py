"""JSON responses with ETags, conditional GET, cache lifetimes and server-side caches.

Two server-side caches keep repeated public reads off the database:

- **The current plan** (``public_read``): an anonymous GET's response is kept in the
  shared cache (Redis when ``REDIS_URL`` is set) for ``CURRENT_PLAN_MAX_AGE``
  seconds, tagged with the *plan generation* it was rendered in; any save or delete of a
  shared record starts a new generation, so an edit shows at once (bulk loads start
  one too: ``ger.plancache``). Requests that carry a token or a session are never
  served from it.
- **Published editions** (``immutable_read``): their responses never change, so
  each process keeps them in memory (64 MiB of bodies at most), under a key that
  holds the snapshot's SHA-256 and publication time.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import orjson
from cachetools import LRUCache
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from ger.http.negotiation import accepts_json
from ger.plancache import (
    CURRENT_PLAN_MAX_AGE,
    current_value,
    forget_published,
)

T = TypeVar("T")
IMMUTABLE = "public, max-age=31536000, immutable"
# What a cached response keeps besides its body and status.
KEPT_HEADERS = (
    "Content-Type",
    "ETag",
    "Cache-Control",
    "Vary",
    "Content-Disposition",
    "Content-Language",
)

CachedResponse = tuple[int, bytes, dict[str, str]]
# The WSGI environ key by which a view tells ``ger.http.front_cache`` that its answer to
# an anonymous reader may be kept: the plan generation it holds for, or
# ``IMMUTABLE_MARK`` for a published edition's answer, true for good.
FRONT_MARK = "ger.http.front_cache"
IMMUTABLE_MARK = "immutable"


def json_response(
    request: HttpRequest,
    data: Any,
    etag: str | None = None,
    immutable: bool = False,
    status: int = 200,
) -> HttpResponse:
    """Return ``data`` as JSON with a strong ETag, answering 304 when it matches."""
    body = json_bytes(data)
    if etag and etag.startswith('"'):
        tag = etag
    else:
        tag = f'"{etag}"' if etag else f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    if status == 200 and tag in etags_in(request.headers.get("If-None-Match", "")):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, status=status, content_type="application/json")
    response["ETag"] = tag
    response["Cache-Control"] = (
        IMMUTABLE if immutable else f"public, max-age={CURRENT_PLAN_MAX_AGE}"
    )
    response["Vary"] = "Accept, Authorization"
    return response


# orjson writes what ``json.dumps(data, ensure_ascii=False, separators=(",", ":"),
# default=str)`` would, about ten times faster: dates, datetimes and dataclasses go
# through ``default`` as they did, keys that are not text become text.
_ORJSON_OPTIONS = (
    orjson.OPT_NON_STR_KEYS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
)


def _as_json(value: Any) -> Any:
    """Return what ``json.dumps`` made of a value orjson does not write itself."""
    if isinstance(value, float):  # a float subclass (NumPy's): still a number
        return float(value)
    return str(value)


def json_bytes(data: Any) -> bytes:
    """Return ``data`` as compact UTF-8 JSON, the one encoding of the API's bodies."""
    return orjson.dumps(data, default=_as_json, option=_ORJSON_OPTIONS)


def etags_in(header: str) -> set[str]:
    """Return the entity tags an ``If-None-Match`` header lists (weak as strong)."""
    return {
        part.strip().removeprefix("W/") for part in header.split(",") if part.strip()
    }


def is_anonymous_read(request: HttpRequest) -> bool:
    """Return whether ``request`` is a GET/HEAD with no token and no session."""
    return (
        request.method in {"GET", "HEAD"}
        and "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _variant(request: HttpRequest) -> str:
    """Return what, besides the address, selects a response: language and format.

    Only whether the client asked for JSON counts (as ``ger.http.negotiation``
    decides), not the Accept header's exact text, which differs between browsers.
    """
    as_json = accepts_json(request.headers.get("Accept", ""))
    return f"{get_language() or ''}|{'json' if as_json else 'any'}"


def _key(kind: str, identity: str, request: HttpRequest | str) -> str:
    """Return a short cache key for ``identity`` at this address, language, format."""
    where = (
        request
        if isinstance(request, str)
        else f"{request.get_full_path()}|{_variant(request)}"
    )
    digest = hashlib.sha256(f"{identity}|{where}".encode()).hexdigest()
    return f"ger:{kind}:{digest}"


def _freeze(request: HttpRequest, response: HttpResponse) -> CachedResponse | None:
    """Return what to keep of ``response``, or None when it must not be kept."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return None  # the page holds this visitor's CSRF token
    headers = {
        name: response[name] for name in KEPT_HEADERS if response.has_header(name)
    }
    if "ETag" not in headers:
        headers["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    return response.status_code, response.content, headers


def _thaw(request: HttpRequest, kept: CachedResponse) -> HttpResponse:
    status, body, headers = kept
    if headers["ETag"] in etags_in(request.headers.get("If-None-Match", "")):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def _render_fresh(render: Callable[[], HttpResponse], request: HttpRequest) -> Any:
    """Call ``render`` as if the request had no If-None-Match (to get the body)."""
    condition = request.META.pop("HTTP_IF_NONE_MATCH", None)
    try:
        return render()
    finally:
        if condition is not None:
            request.META["HTTP_IF_NONE_MATCH"] = condition


def public_read(
    request: HttpRequest, render: Callable[[], HttpResponse]
) -> HttpResponse:
    """Answer an anonymous read of the current plan from the shared cache.

    ``render`` builds the response; it runs only when the cache has none for this
    address, language and format in the current plan generation.
    """
    if not is_anonymous_read(request):
        return render()
    key = _key("read", "", request)
    generation, kept = current_value(key)
    if kept is None:
        response = _render_fresh(render, request)
        kept = _freeze(request, response)
        if kept is None:
            return response  # type: ignore[no-any-return]
        cache.set(key, (generation, kept), CURRENT_PLAN_MAX_AGE)
    request.META[FRONT_MARK] = generation
    return _thaw(request, kept)


class LocalResponses:
    """This process's copies of responses, least recently used out first.

    Kept as they are (no pickling, unlike Django's local-memory cache) within a
    budget of bytes of bodies (the second item of what is kept): a cachetools LRU
    sized by body length, behind a lock (the LRU itself is not thread-safe).
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._kept: LRUCache[str, CachedResponse] = LRUCache(
            maxsize=budget, getsizeof=lambda kept: len(kept[1])
        )
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        """The bytes of bodies kept."""
        return int(self._kept.currsize)

    def get(self, key: str) -> CachedResponse | None:
        with self._lock:
            return self._kept.get(key)

    def put(self, key: str, kept: CachedResponse) -> None:
        if len(kept[1]) > self.budget:
            return  # larger than the whole budget: not kept
        with self._lock:
            self._kept[key] = kept

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


IMMUTABLE_BUDGET_BYTES = 64 * 1024 * 1024
_IMMUTABLE = LocalResponses(IMMUTABLE_BUDGET_BYTES)


def clear_immutable() -> None:
    """Forget this process's copies of immutable responses (tests, benchmarks)."""
    _IMMUTABLE.clear()
    forget_published()


def immutable_read(
    request: HttpRequest,
    identity: str,
    render: Callable[[], HttpResponse],
    anonymous_only: bool = False,
) -> HttpResponse:
    """Answer a read of immutable content (``identity`` names it, e.g. its SHA-256).

    The response is kept in this process's memory for good: ``identity`` changes
    whenever the content does. With ``anonymous_only`` (pages that greet a signed-in
    user), requests with a session are rendered afresh.
    """
    if request.method not in {"GET", "HEAD"} or (
        anonymous_only and not is_anonymous_read(request)
    ):
        return render()
    key = _key("immutable", identity, request)
    kept = _IMMUTABLE.get(key)
    if kept is None:
        response = _render_fresh(render, request)
        kept = _freeze(request, response)
        if kept is None:
            return response  # type: ignore[no-any-return]
        _IMMUTABLE.put(key, kept)
    if is_anonymous_read(request):
        request.META[FRONT_MARK] = IMMUTABLE_MARK
    response = _thaw(request, kept)
    if anonymous_only:
        # The page differs for signed-in readers: shared caches must tell them apart.
        patch_vary_headers(response, ["Cookie"])
    return response
