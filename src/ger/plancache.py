"""The plan generation, and values kept in the shared cache for it.

Every save or delete of a shared record (a mission, an agency, an edition…) starts a
new *plan generation*; values kept for the current plan carry the generation they
were computed in and are ignored once it has passed, so a change shows at once
everywhere the generation is read: every node with Redis; without Redis, every
process of this machine (the generation file, ``settings.PLAN_GENERATION_FILE``).
A bulk load (``ger seed``, ``ger import``, ``ger synth``, ``ger restore``,
``ger reindex``) sends no per-record signals: it starts a new generation itself when
it commits (``plan_changed_in_bulk``). Values are kept for ``KEPT_MAX_AGE`` at most
(the analyses may choose longer): a change made behind GER's back (raw SQL) shows
when they expire.

This module sits below the apps (the analyses, the API and the web pages use it)
and knows nothing of requests; ``ger.http.caching`` builds the HTTP caches on it.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import redis
from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache, RedisSerializer
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

if TYPE_CHECKING:
    from ger.editions.models import Edition

T = TypeVar("T")
logger = logging.getLogger(__name__)
# How long a response about the current plan may be kept (and is declared to HTTP
# caches): a browser does not hear of a new generation.
CURRENT_PLAN_MAX_AGE = 60
# How long a value kept for the plan generation may be used: every change GER makes
# starts a new generation, which every process sees at its next read (through Redis,
# or the generation file on one machine); this bounds only a change made behind
# GER's back (raw SQL).
KEPT_MAX_AGE = 600
GENERATION_KEY = "ger:plan-generation"
# Apps whose rows make up the public plan: a change to any starts a new generation.
PLAN_APPS = frozenset(
    {"registry", "plans", "objectives", "editions", "search", "imagery"}
)
# ...except these, which say who may sign in, not what the plan holds.
NOT_PLAN_MODELS = frozenset({"registry.UserRole", "registry.ApiToken"})


def _memo_key(name: str) -> str:
    return "ger:memo:" + hashlib.sha256(f"|{name}".encode()).hexdigest()


def plan_generation() -> str:
    """Return the current plan generation (a new one after every change)."""
    client = redis_client()
    if client is None:
        generation = _FILE.read() or cache.get(GENERATION_KEY)
    else:  # one round trip through the kept client
        backend = caches[DEFAULT_CACHE_ALIAS]
        value = client.get(backend.make_and_validate_key(GENERATION_KEY))
        generation = redis_loads(value) if value is not None else None
    return str(generation) if generation is not None else _start_generation()


def _start_generation() -> str:
    if redis_client() is None and _FILE.write(uuid.uuid4().hex, replace=False):
        return _FILE.read() or "0"
    cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
    return str(cache.get(GENERATION_KEY) or "0")


class _GenerationFile:
    """The plan generation shared by every process of this machine, without Redis.

    A small file (``settings.PLAN_GENERATION_FILE``) holds it, replaced whole on each
    change, so a save in one worker, or a bulk load from the command line, reaches
    every other worker at its next read. A read costs a ``stat``; the file is read
    again when it changed, or when it was written so recently that two changes
    could share one file-system timestamp.
    """

    RECENT_NS = 50_000_000  # 50 ms: coarser than any file system's clock tick

    def __init__(self) -> None:
        self._seen: tuple[tuple[str, int, int], str] | None = None
        self._warned = False

    @staticmethod
    def path() -> Path:
        return Path(settings.PLAN_GENERATION_FILE)

    def read(self) -> str | None:
        """Return the generation in the file, or None when there is none yet."""
        path = self.path()
        try:
            status = path.stat()
        except OSError:
            return None
        mark = (str(path), status.st_ino, status.st_mtime_ns)
        seen = self._seen
        if (
            seen is not None
            and seen[0] == mark
            and time.time_ns() - status.st_mtime_ns > self.RECENT_NS
        ):
            return seen[1]
        try:
            value = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        self._seen = (mark, value)
        return value or None

    def write(self, generation: str, replace: bool = True) -> bool:
        """Write ``generation`` (only when there is none, unless ``replace``).

        Return False when the file cannot be written; the caller keeps the
        generation in this process's cache instead, and says so once.
        """
        path = self.path()
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(generation, encoding="ascii")
            if replace:
                os.replace(temporary, path)
            else:  # the first generation: whoever links first wins
                with contextlib.suppress(FileExistsError):
                    os.link(temporary, path)
                temporary.unlink()
        except OSError as error:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            if not self._warned:
                self._warned = True
                logger.warning(
                    "the plan generation cannot be written to %s (%s): kept in "
                    "this process only, so other processes see changes late",
                    path,
                    error,
                )
            return False
        return True


_FILE = _GenerationFile()


# redis-py clients are thread-safe (each command takes a connection from the
# client's pool): one per Redis address for the whole process.
_CLIENTS: dict[str, redis.Redis] = {}
# How Django's Redis cache stores values (integers as they are, the rest pickled).
_SERIALIZER = RedisSerializer()


def redis_client() -> redis.Redis | None:
    """Return a redis-py client of the default cache's Redis, or None without Redis.

    Django's Redis backend builds a new client object for every call, which costs
    about as much as the round trip itself; the read path keeps one. Keys are made
    with the backend's own ``make_and_validate_key`` and values read with
    ``redis_loads``, so both sides see the same entries.
    """
    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, RedisCache):
        return None
    location = _write_server(settings.CACHES[DEFAULT_CACHE_ALIAS]["LOCATION"])
    client = _CLIENTS.get(location)
    if client is None:
        client = _CLIENTS.setdefault(location, redis.Redis.from_url(location))
    return client


def _write_server(location: str | list[str]) -> str:
    """Return the server Django's Redis backend writes to: the first it is given."""
    servers = re.split("[;,]", location) if isinstance(location, str) else location
    return servers[0]


def redis_loads(value: Any) -> Any:
    """Return a value of Django's Redis cache as read raw from Redis."""
    return _SERIALIZER.loads(value)


def _get_two(first: str, second: str) -> dict[str, Any]:
    """Return the values of two keys of the default cache, in one round trip."""
    client = redis_client()
    if client is None:
        found: dict[str, Any] = cache.get_many([first, second])
        # The file first: the cache holds a generation only after a failed write,
        # and a later write that succeeds must be seen.
        generation = _FILE.read() if first == GENERATION_KEY else None
        if generation is not None:
            found[first] = generation
        return found
    backend = caches[DEFAULT_CACHE_ALIAS]
    names = [backend.make_and_validate_key(k) for k in (first, second)]
    return {
        key: redis_loads(value)
        for key, value in zip((first, second), client.mget(names), strict=True)
        if value is not None
    }


def current_value(key: str) -> tuple[str, Any]:
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


def plan_changed_in_bulk() -> None:
    """Start a new plan generation when the current transaction commits (bulk loads)."""
    transaction.on_commit(lambda: new_plan_generation(), robust=True)


def new_plan_generation(*_args: Any, **kwargs: Any) -> None:
    """Start a new plan generation when a shared record changes (a signal receiver)."""
    sender = kwargs.get("sender")
    meta = getattr(sender, "_meta", None)
    if meta is not None and (
        meta.app_label not in PLAN_APPS or meta.label in NOT_PLAN_MODELS
    ):
        return
    generation = uuid.uuid4().hex
    if redis_client() is not None or not _FILE.write(generation):
        cache.set(GENERATION_KEY, generation, None)


def plan_cached(name: str, compute: Callable[[], T], timeout: int = KEPT_MAX_AGE) -> T:
    """Return ``compute()``, kept in the shared cache for the current plan generation.

    For facts read on every request (which edition a slug names): a cache read
    instead of a query; and for results that take long to compute (the analyses),
    kept for ``timeout`` seconds at most.
    """
    key = _memo_key(name)
    generation, kept = current_value(key)
    if kept is None:
        kept = (compute(),)
        cache.set(key, (generation, kept), timeout)
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


def forget_published() -> None:
    """Forget which editions this process knows as published (tests, restores)."""
    _PUBLISHED.clear()


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
