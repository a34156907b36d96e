"""JSON responses with ETags, conditional GET, cache lifetimes and server-side caches.

Two server-side caches keep repeated public reads off the database:

- **The current plan** (``public_read``): an anonymous GET's response is kept in the
  shared cache (Redis when ``REDIS_URL`` is set) for ``CURRENT_PLAN_MAX_AGE``
  seconds, tagged with the *plan generation* it was rendered in; any save or delete of a
  shared record starts a new generation, so an edit shows at once. A bulk load
  (``ger seed``, ``ger import``, ``ger synth``) sends no signals: its changes show
  within the same 60 seconds that ``Cache-Control`` already lets clients keep a
  response. Requests that carry a token or a session are never served from it.
- **Published editions** (``immutable_read``): their responses never change, so
  each process keeps them in memory (64 MiB of bodies at most), under a key that
  holds the snapshot's SHA-256 and publication time.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

if TYPE_CHECKING:
    from ger.editions.models import Edition

T = TypeVar("T")
CURRENT_PLAN_MAX_AGE = 60
IMMUTABLE = "public, max-age=31536000, immutable"
GENERATION_KEY = "ger:plan-generation"
# Apps whose rows make up the public plan: a change to any starts a new generation.
PLAN_APPS = frozenset({"registry", "plans", "objectives", "editions", "search"})
# ...except these, which say who may sign in, not what the plan holds.
NOT_PLAN_MODELS = frozenset({"registry.UserRole", "registry.ApiToken"})
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
# The WSGI environ key by which a view tells ``ger.front_cache`` that its answer to
# an anonymous reader may be kept: the plan generation it holds for, or
# ``IMMUTABLE_MARK`` for a published edition's answer, true for good.
FRONT_MARK = "ger.front_cache"
IMMUTABLE_MARK = "immutable"


def json_response(
    request: HttpRequest,
    data: Any,
    etag: str | None = None,
    immutable: bool = False,
    status: int = 200,
) -> HttpResponse:
    """Return ``data`` as JSON with a strong ETag, answering 304 when it matches."""
    body = json.dumps(
        data, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode()
    if etag and etag.startswith('"'):
        tag = etag
    else:
        tag = f'"{etag}"' if etag else f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    if status == 200 and tag in _listed(request.headers.get("If-None-Match", "")):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, status=status, content_type="application/json")
    response["ETag"] = tag
    response["Cache-Control"] = (
        IMMUTABLE if immutable else f"public, max-age={CURRENT_PLAN_MAX_AGE}"
    )
    response["Vary"] = "Accept, Authorization"
    return response


def _listed(header: str) -> set[str]:
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


def plan_generation() -> str:
    """Return the current plan generation (a new one after every change)."""
    client = redis_client()
    if client is None:
        generation = cache.get(GENERATION_KEY)
    else:  # one round trip through the kept client
        backend = caches[DEFAULT_CACHE_ALIAS]
        value = client.get(backend.make_and_validate_key(GENERATION_KEY))
        loads = backend._cache._serializer.loads  # type: ignore[attr-defined]
        generation = loads(value) if value is not None else None
    return str(generation) if generation is not None else _start_generation()


def _start_generation() -> str:
    cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
    return str(cache.get(GENERATION_KEY) or "0")


def redis_client() -> Any | None:
    """Return this thread's client of the Redis cache, or None without Redis.

    Django's Redis backend builds a new client object for every call, which costs
    about as much as the round trip itself; the read path keeps one.
    """
    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, RedisCache):
        return None
    client = getattr(backend, "_ger_client", None)
    if client is None:
        client = backend._cache.get_client(write=True)  # type: ignore[attr-defined]
        backend._ger_client = client  # type: ignore[attr-defined]
    return client


def _get_two(first: str, second: str) -> dict[str, Any]:
    """Return the values of two keys of the default cache, in one round trip."""
    client = redis_client()
    if client is None:
        return cache.get_many([first, second])
    backend = caches[DEFAULT_CACHE_ALIAS]
    names = [backend.make_and_validate_key(k) for k in (first, second)]
    loads = backend._cache._serializer.loads  # type: ignore[attr-defined]
    return {
        key: loads(value)
        for key, value in zip((first, second), client.mget(names), strict=True)
        if value is not None
    }


def _current(key: str) -> tuple[str, Any]:
    """Return the plan generation and the value kept under ``key``, in one read.

    Values are kept as ``(generation, value)`` under keys without the generation,
    so one read (one round trip to Redis) answers both, and a new generation
    overwrites an address's entry instead of leaving it behind.
    """
    found = _get_two(GENERATION_KEY, key)
    generation = found.get(GENERATION_KEY)
    generation = str(generation) if generation is not None else _start_generation()
    kept = found.get(key)
    if kept is not None and kept[0] == generation:
        return generation, kept[1]
    return generation, None


def new_plan_generation(*_args: Any, **kwargs: Any) -> None:
    """Start a new plan generation when a shared record changes (a signal receiver)."""
    sender = kwargs.get("sender")
    meta = getattr(sender, "_meta", None)
    if meta is not None and (
        meta.app_label not in PLAN_APPS or meta.label in NOT_PLAN_MODELS
    ):
        return
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _variant(request: HttpRequest) -> str:
    """Return what, besides the address, selects a response: language and format.

    Only whether the client asked for JSON counts (as ``ger.web.negotiation``
    decides), not the Accept header's exact text, which differs between browsers.
    """
    accept = request.headers.get("Accept", "")
    wants_json = "application/json" in accept and "text/html" not in accept
    return f"{get_language() or ''}|{'json' if wants_json else 'any'}"


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
    if headers["ETag"] in _listed(request.headers.get("If-None-Match", "")):
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
    generation, kept = _current(key)
    if kept is None:
        response = _render_fresh(render, request)
        kept = _freeze(request, response)
        if kept is None:
            return response  # type: ignore[no-any-return]
        cache.set(key, (generation, kept), CURRENT_PLAN_MAX_AGE)
    request.META[FRONT_MARK] = generation
    return _thaw(request, kept)


class _LocalResponses:
    """This process's copies of immutable responses, least recently used out first.

    Kept as they are (no pickling, unlike Django's local-memory cache) within a
    budget of ``IMMUTABLE_BUDGET_BYTES`` of bodies per process.
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.size = 0
        self._kept: OrderedDict[str, CachedResponse] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> CachedResponse | None:
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
            return kept

    def put(self, key: str, kept: CachedResponse) -> None:
        if len(kept[1]) > self.budget:
            return
        with self._lock:
            previous = self._kept.pop(key, None)
            if previous is not None:
                self.size -= len(previous[1])
            self._kept[key] = kept
            self.size += len(kept[1])
            while self.size > self.budget:
                _key, dropped = self._kept.popitem(last=False)
                self.size -= len(dropped[1])

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self.size = 0


IMMUTABLE_BUDGET_BYTES = 64 * 1024 * 1024
_IMMUTABLE = _LocalResponses(IMMUTABLE_BUDGET_BYTES)


def clear_immutable() -> None:
    """Forget this process's copies of immutable responses (tests, benchmarks)."""
    _IMMUTABLE.clear()
    _PUBLISHED.clear()


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


def plan_cached(name: str, compute: Callable[[], T]) -> T:
    """Return ``compute()``, kept in the shared cache for the current plan generation.

    For small facts read on every request (which edition a slug names): a cache
    read instead of a query.
    """
    key = _key("memo", "", name)
    generation, kept = _current(key)
    if kept is None:
        kept = (compute(),)
        cache.set(key, (generation, kept), CURRENT_PLAN_MAX_AGE)
    value: T = kept[0]
    return value


_PUBLISHED: dict[str, str] = {}


def published_identity_of(name: str, lookup: Callable[[], str | None]) -> str | None:
    """Return the identity of the published edition ``name`` stands for, or None.

    ``lookup`` finds it (a query). A published edition never changes, is never
    deleted and never stops being published, so once found its identity is kept in
    this process for good; "not published" is kept only for the plan generation.
    An edition saved or deleted in this process empties the memo (tests and
    restores reuse slugs).
    """
    found = _PUBLISHED.get(name)
    if found is None:
        found = plan_cached(name, lookup)
        if found is not None:
            if len(_PUBLISHED) > 10_000:
                _PUBLISHED.clear()
            _PUBLISHED[name] = found
    return found


def _edition_changed(*_args: Any, **kwargs: Any) -> None:
    sender = kwargs.get("sender")
    if getattr(getattr(sender, "_meta", None), "label", "") == "editions.Edition":
        _PUBLISHED.clear()


def published_identity(edition: Edition) -> str:
    """Name a published edition's frozen content for ``immutable_read``.

    The SHA-256 names the content; the publication time tells apart two databases
    that hold the same edition (a restore, a test), which may be read by one process.
    """
    published = edition.published_at.isoformat() if edition.published_at else ""
    return f"{edition.code}:{edition.snapshot_sha256}:{published}"


def connect_signals() -> None:
    """Start a new plan generation on every save or delete of a shared record."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(
            new_plan_generation,
            dispatch_uid=f"ger-plan-generation-{id(signal)}",
            weak=False,
        )
    for signal in (post_save, post_delete):
        signal.connect(
            _edition_changed,
            dispatch_uid=f"ger-published-editions-{id(signal)}",
            weak=False,
        )
