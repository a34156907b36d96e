"""The bundled reference data, seeded once per test process for every test that asks.

``ger seed`` takes about a second, and several hundred tests read the bundled data:
seeding it again for each of them was most of the suite's time. Instead, the first
test that asks for ``seeded`` opens a transaction around the tests that follow and
seeds in it; each of those tests runs in a savepoint inside it (pytest-django's
``db``), rolled back at its end, so what a test writes never reaches the next one.

Each test that shares the data starts with a new plan generation, as it did when it
seeded for itself. Before any other test (an empty database, a transactional test, a
live server, a test that uses no database) is set up, the shared transaction is
rolled back; it is seeded again when a test asks for the data after that.
``order_for_shared_seed`` puts the tests that share the data first, so each test
process seeds about once.

A test that asks for ``seeded`` but needs committed rows (``transaction=True``,
``transactional_db``, ``live_server``) cannot share an open transaction: ``seeded``
seeds for it alone, as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from pytest_django.fixtures import validate_django_db

# The fixture that opens the shared transaction: set up before any other
# function-scoped fixture of a test (so before pytest-django's ``db`` savepoint).
SWITCH = "_bundled_data_switch"
TRANSACTIONAL_FIXTURES = frozenset(
    {
        "transactional_db",
        "live_server",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
    }
)


def is_transactional(item: pytest.Item) -> bool:
    """Return whether pytest-django runs ``item`` with committed transactions."""
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transactional, reset_sequences, *_rest = validate_django_db(marker)
        if transactional or reset_sequences:
            return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


def shares_the_seed(item: pytest.Item, shared_fixture: Any) -> bool:
    """Return whether ``item`` reads the shared bundled data (``shared_fixture``).

    A module that defines a fixture of its own named ``seeded`` keeps it: only the
    tests that get ``shared_fixture`` share the seeded transaction.
    """
    info = getattr(item, "_fixtureinfo", None)
    if info is None or "seeded" not in item.fixturenames:  # type: ignore[attr-defined]
        return False
    definitions = info.name2fixturedefs.get("seeded") or ()
    if not definitions or definitions[-1].func is not shared_fixture:
        return False
    return not is_transactional(item)


def order_for_shared_seed(items: list[pytest.Item], shared_fixture: Any) -> None:
    """Put the tests that share the seeded data first, and set each one's switch first.

    The sort is stable, so every other test keeps pytest-django's order (database
    tests, then transactional ones, then the rest).
    """
    for item in items:
        names = getattr(item, "fixturenames", None)
        if names is not None and SWITCH in names:
            names.remove(SWITCH)
            names.insert(0, SWITCH)
    items.sort(key=lambda item: not shares_the_seed(item, shared_fixture))


class SharedSeed:
    """The transaction that holds the bundled data for the tests that share it."""

    current: SharedSeed | None = None

    def __init__(self, blocker: Any) -> None:
        self._blocker = blocker
        self._atomic: Any = None
        self.seedings = 0

    def is_open(self) -> bool:
        """Return whether the seeded transaction is the connection's outermost one."""
        if self._atomic is None:
            return False
        connection = connections[DEFAULT_DB_ALIAS]
        return (
            connection.connection is not None
            and bool(connection.atomic_blocks)
            and connection.atomic_blocks[0] is self._atomic
            and not connection.needs_rollback
        )

    def open(self) -> None:
        """Seed in a new outer transaction, unless the seeded one is still open."""
        if self.is_open():
            return
        self.close()
        connection = connections[DEFAULT_DB_ALIAS]
        with self._blocker.unblock():
            if connection.in_atomic_block:
                raise RuntimeError(
                    "tests/bundled_data.py: a transaction is still open before the "
                    f"test starts ({len(connection.atomic_blocks)} atomic block(s)); "
                    "the shared seeded data cannot be set up under it"
                )
            atomic = transaction.atomic(using=DEFAULT_DB_ALIAS)
            # As django.test.TestCase marks its own: a durable block inside a test
            # still runs, as it does under TestCase.
            atomic._from_testcase = True
            atomic.__enter__()
            self._atomic = atomic
            try:
                call_command("seed", verbosity=0)
            except BaseException:
                self.close()
                raise
            self.seedings += 1

    def close(self) -> None:
        """Roll the seeded transaction back (the database is empty again)."""
        atomic, self._atomic = self._atomic, None
        if atomic is None:
            return
        connection = connections[DEFAULT_DB_ALIAS]
        with self._blocker.unblock():
            if connection.atomic_blocks and connection.atomic_blocks[0] is atomic:
                while connection.atomic_blocks[-1] is not atomic:
                    # A test left a block open: unwind it with the rest.
                    inner = connection.atomic_blocks[-1]
                    transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
                    inner.__exit__(None, None, None)
                transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
                atomic.__exit__(None, None, None)
            elif connection.in_atomic_block:
                raise RuntimeError(
                    "tests/bundled_data.py: the seeded transaction is no longer the "
                    "connection's outermost one; a test or fixture left another open"
                )


def seeded(request: pytest.FixtureRequest, db: None) -> None:
    """Load the bundled reference data: 108 missions and the published editions.

    Shared by the tests that need no committed rows; seeded for the others alone.
    """
    if not shares_the_seed(request.node, seeded):
        call_command("seed", verbosity=0)
        return
    shared = SharedSeed.current
    connection = connections[DEFAULT_DB_ALIAS]
    if shared is None or not shared.is_open() or len(connection.atomic_blocks) < 2:
        raise RuntimeError(
            "tests/bundled_data.py: the seeded transaction is not open around this "
            "test's savepoint; was the switch fixture set up after the database?"
        )


def bundled_data_transaction(
    django_db_setup: None, django_db_blocker: Any
) -> Iterator[SharedSeed]:
    """Hold the shared seeded transaction for the session (rolled back at its end)."""
    shared = SharedSeed(django_db_blocker)
    SharedSeed.current = shared
    yield shared
    shared.close()
    SharedSeed.current = None


def bundled_data_switch(request: pytest.FixtureRequest) -> None:
    """Open the seeded transaction for a test that shares it (before its savepoint)."""
    if shares_the_seed(request.node, seeded):
        request.getfixturevalue("bundled_data_transaction").open()
        start_as_if_seeded_afresh()


def close_unless_shared(item: pytest.Item) -> None:
    """Roll the seeded transaction back before a test that does not share it.

    Called before any fixture of ``item`` is set up, so that its module- or
    session-scoped fixtures (``built``) see the empty database too.
    """
    if SharedSeed.current is not None and not shares_the_seed(item, seeded):
        SharedSeed.current.close()


def start_as_if_seeded_afresh() -> None:
    """Leave nothing that the previous test kept readable, as a new seed did.

    Seeding saves plan records, and each save starts a new plan generation and
    forgets which editions are published; the rows of a shared seed are already
    there, so the next test starts both afresh here. Pages and results kept by the
    previous test (for its generation) are then never read again.
    """
    from ger.http.caching import clear_immutable
    from ger.plancache import new_plan_generation

    new_plan_generation()
    clear_immutable()
