"""The data sets most tests start from, made once per test process for every test that asks.

Three data sets are shared: the bundled reference data (``seeded``: ``ger seed``, about
a second), the small data set (``base_data``: three agencies, two missions, two
editions) and the co-authoring cast on top of it (``cast_data``: two more missions, a
goal and an objective). Several hundred tests read each of them: making it again for
each test was most of the suite's time. Instead, the first test that asks for a data
set opens a transaction around the tests that follow and makes the data in it; each of
those tests runs in a savepoint inside it (pytest-django's ``db``), rolled back at its
end, so what a test writes never reaches the next one.

One data set is held at a time. Each test that shares one starts with a new plan
generation, as it did when it made the data for itself. Before any other test (one that
shares another data set, an empty database, a transactional test, a live server, a test
that uses no database) is set up, the shared transaction is rolled back; it is made
again when a test asks for the data after that. ``order_for_shared_data`` puts the tests
of each data set together, first, so each test process makes each data set about once.

A test that asks for a data set but needs committed rows (``transaction=True``,
``transactional_db``, ``live_server``) cannot share an open transaction: the fixture
makes the data for it alone, as before. So does a module that defines a fixture of its
own with the same name.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from pytest_django.fixtures import validate_django_db

from tests import small_data

# The fixture that opens the shared transaction: set up before any other
# function-scoped fixture of a test (so before pytest-django's ``db`` savepoint).
SWITCH = "_shared_data_switch"
TRANSACTIONAL_FIXTURES = frozenset(
    {
        "transactional_db",
        "live_server",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
    }
)


def _seed() -> None:
    call_command("seed", verbosity=0)


def _make_matrix() -> None:
    from tests.workspace import permission_scene

    permission_scene.make()


# Each shared data set: the fixture that gives it, and how it is made. A test that
# asks for several gets the first one here that it asks for (``cast_data`` holds
# ``base_data``).
DATA_SETS: dict[str, tuple[str, Callable[[], None]]] = {
    "bundled": ("seeded", _seed),
    "matrix": ("matrix_scene", _make_matrix),
    "cast": ("cast_data", small_data.make_cast),
    "base": ("base_data", small_data.load_base),
}
# The functions of the shared fixtures (set by tests/conftest.py and
# tests/workspace/conftest.py): a module's own fixture of the same name is not shared.
SHARED_FIXTURES: dict[str, Any] = {}


def is_transactional(item: pytest.Item) -> bool:
    """Return whether pytest-django runs ``item`` with committed transactions."""
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transactional, reset_sequences, *_rest = validate_django_db(marker)
        if transactional or reset_sequences:
            return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


def shared_data_of(item: pytest.Item) -> str | None:
    """Return the name of the shared data set ``item`` reads, or None."""
    info = getattr(item, "_fixtureinfo", None)
    names = getattr(item, "fixturenames", ())
    if info is None or is_transactional(item):
        return None
    for data_set, (fixture, _make) in DATA_SETS.items():
        if fixture not in names:
            continue
        definitions = info.name2fixturedefs.get(fixture) or ()
        shared = SHARED_FIXTURES.get(fixture)
        if definitions and shared is not None and definitions[-1].func is shared:
            return data_set
        return None
    return None


def order_for_shared_data(items: list[pytest.Item]) -> None:
    """Put the tests of each shared data set together and first; set each switch first.

    The sort is stable, so every other test keeps pytest-django's order (database
    tests, then transactional ones, then the rest).
    """
    order = {data_set: number for number, data_set in enumerate(DATA_SETS)}
    for item in items:
        names = getattr(item, "fixturenames", None)
        if names is not None and SWITCH in names:
            names.remove(SWITCH)
            names.insert(0, SWITCH)
    items.sort(key=lambda item: order.get(shared_data_of(item) or "", len(order)))


class SharedData:
    """The transaction that holds one shared data set for the tests that read it."""

    current: SharedData | None = None

    def __init__(self, blocker: Any) -> None:
        self._blocker = blocker
        self._atomic: Any = None
        self.holds: str | None = None
        # How many times each data set was made in this process.
        self.made: Counter[str] = Counter()

    def is_open(self, data_set: str | None = None) -> bool:
        """Return whether the shared transaction (of ``data_set``) is the outermost one."""
        if self._atomic is None or (data_set is not None and self.holds != data_set):
            return False
        connection = connections[DEFAULT_DB_ALIAS]
        return (
            connection.connection is not None
            and bool(connection.atomic_blocks)
            and connection.atomic_blocks[0] is self._atomic
            and not connection.needs_rollback
        )

    def open(self, data_set: str) -> None:
        """Make ``data_set`` in a new outer transaction, unless it is open already."""
        if self.is_open(data_set):
            return
        self.close()
        connection = connections[DEFAULT_DB_ALIAS]
        with self._blocker.unblock():
            if connection.in_atomic_block:
                raise RuntimeError(
                    "tests/shared_data.py: a transaction is still open before the "
                    f"test starts ({len(connection.atomic_blocks)} atomic block(s)); "
                    f"the shared {data_set} data cannot be set up under it"
                )
            atomic = transaction.atomic(using=DEFAULT_DB_ALIAS)
            # As django.test.TestCase marks its own: a durable block inside a test
            # still runs, as it does under TestCase.
            atomic._from_testcase = True
            atomic.__enter__()
            self._atomic = atomic
            self.holds = data_set
            try:
                DATA_SETS[data_set][1]()
            except BaseException:
                self.close()
                raise
            self.made[data_set] += 1

    def close(self) -> None:
        """Roll the shared transaction back (the database is empty again)."""
        atomic, self._atomic = self._atomic, None
        self.holds = None
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
                    "tests/shared_data.py: the shared transaction is no longer the "
                    "connection's outermost one; a test or fixture left another open"
                )


def uses_shared(request: pytest.FixtureRequest, *data_sets: str) -> bool:
    """Return whether the test reads one of ``data_sets`` from the shared transaction.

    Checks that the transaction holding it is open around the test's savepoint.
    """
    data_set = shared_data_of(request.node)
    if data_set is None or data_set not in data_sets:
        return False
    shared = SharedData.current
    connection = connections[DEFAULT_DB_ALIAS]
    if (
        shared is None
        or not shared.is_open(data_set)
        or len(connection.atomic_blocks) < 2
    ):
        raise RuntimeError(
            f"tests/shared_data.py: the shared {data_set} data is not open around "
            "this test's savepoint; was the switch fixture set up after the database?"
        )
    return True


def seeded(request: pytest.FixtureRequest, db: None) -> None:
    """Load the bundled reference data: 108 missions and the published editions.

    Shared by the tests that need no committed rows; seeded for the others alone.
    """
    if not uses_shared(request, "bundled"):
        seed_committed()


# The first committed seed of this process, copied aside (SQLite only).
_SEEDED_COPY: list[sqlite3.Connection] = []


def seed_committed() -> None:
    """Seed the empty database of a test whose rows are committed (a live server's).

    On SQLite, the first such seed of the process is copied aside with SQLite's
    backup API, and each later test gets the database copied back: milliseconds
    instead of the second a seed takes. It starts afresh as a seed does (a new plan
    generation, no kept responses). On PostgreSQL every test seeds.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "sqlite":
        _seed()
        return
    connection.ensure_connection()
    database = connection.connection
    if _SEEDED_COPY:
        _SEEDED_COPY[0].backup(database)
        start_as_if_made_afresh()
        return
    _seed()
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    database.backup(copy)
    _SEEDED_COPY.append(copy)


def shared_data_transaction(
    django_db_setup: None, django_db_blocker: Any
) -> Iterator[SharedData]:
    """Hold the shared transaction for the session (rolled back at its end)."""
    shared = SharedData(django_db_blocker)
    SharedData.current = shared
    yield shared
    shared.close()
    SharedData.current = None


def shared_data_switch(request: pytest.FixtureRequest) -> None:
    """Open the shared transaction for a test that reads it (before its savepoint)."""
    data_set = shared_data_of(request.node)
    if data_set is not None:
        request.getfixturevalue("shared_data_transaction").open(data_set)
        start_as_if_made_afresh()


def close_unless_shared(item: pytest.Item) -> None:
    """Roll the shared transaction back before a test that does not read what it holds.

    Called before any fixture of ``item`` is set up, so that its module- or
    session-scoped fixtures (``built``) see the empty database too.
    """
    shared = SharedData.current
    if shared is not None and shared.holds != shared_data_of(item):
        shared.close()


def start_as_if_made_afresh() -> None:
    """Leave nothing that the previous test kept readable, as making the data did.

    Saving plan records starts a new plan generation and forgets which editions are
    published; the rows of shared data are already there, so the next test starts
    both afresh here. Pages and results kept by the previous test (for its
    generation) are then never read again.
    """
    from ger.http.caching import clear_immutable
    from ger.plancache import new_plan_generation

    new_plan_generation()
    clear_immutable()
