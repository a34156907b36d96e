"""Send reads to PostgreSQL read replicas and everything else to the primary.

Active when ``DATABASE_REPLICA_URLS`` names replicas (settings add them as the
databases ``replica1``, ``replica2``…). The rules:

- every write goes to the primary (``default``), and from then on every read of the
  same request (or of the same command or task, outside requests) goes there too,
  so a request reads its own writes even if the replicas lag;
- a read inside a transaction on the primary stays on the primary (it must see the
  transaction's own rows, and ``select_for_update`` only works there);
- sign-in state (sessions, users, roles, API tokens) is always read from the
  primary, so that signing in or revoking a token takes effect on the next request;
- other reads go to one of the replicas, chosen at random for each request.
"""

from __future__ import annotations

import random
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.signals import request_started
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

# Rows that decide who the caller is and what they may do: read where written.
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "contenttypes", "workspace"})
PRIMARY_ONLY_MODELS = frozenset({"registry.apitoken", "registry.userrole"})

_pinned: ContextVar[bool] = ContextVar("ger_primary_pinned", default=False)
_replica: ContextVar[str | None] = ContextVar("ger_replica", default=None)


def replica_aliases() -> list[str]:
    """Return the aliases of the configured replicas (``replica1``…)."""
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def start_request(**_kwargs: Any) -> None:
    """Forget the previous request's pin and replica choice."""
    _pinned.set(False)
    _replica.set(None)


def pin_to_primary() -> None:
    """Send every further read of this request (or command) to the primary."""
    _pinned.set(True)


def is_pinned() -> bool:
    return _pinned.get()


class PrimaryReplicaRouter:
    """Django database router: reads to a replica unless a write came first."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if (
            _pinned.get()
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or model._meta.label_lower in PRIMARY_ONLY_MODELS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        instance = hints.get("instance")
        if instance is not None and instance._state.db == DEFAULT_DB_ALIAS:
            # Following a relation of a row read from the primary: stay there.
            return DEFAULT_DB_ALIAS
        chosen = _replica.get()
        if chosen is None:
            replicas = replica_aliases()
            if not replicas:
                return DEFAULT_DB_ALIAS
            chosen = random.choice(replicas)
            _replica.set(chosen)
        return chosen

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        _pinned.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first: Model, second: Model, **hints: Any) -> bool:
        # Replicas hold the same rows as the primary.
        return True

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool:
        # Replicas copy the primary's schema; only the primary is migrated.
        return db == DEFAULT_DB_ALIAS


request_started.connect(start_request, dispatch_uid="ger-routers-start-request")
