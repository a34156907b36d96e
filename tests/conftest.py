from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from textwrap import dedent
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests import images, shared_data, small_data
from tests import pdf_stand_in as pdf_stand_in_module

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "var" / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# pytest-django's live_server runs beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The bundled data and the small data set, each made once per test process for the
# tests that read it (see tests/shared_data.py).
seeded = pytest.fixture(shared_data.seeded)
shared_data.SHARED_FIXTURES["seeded"] = shared_data.seeded
shared_data_transaction = pytest.fixture(scope="session")(
    shared_data.shared_data_transaction
)
_shared_data_switch = pytest.fixture(autouse=True, name=shared_data.SWITCH)(
    shared_data.shared_data_switch
)
# Uploaded images kept in the test's own folder (tests/images.py).
media_storage = pytest.fixture(images.media_storage)


# Django's own hasher takes most of a second per password on purpose; the tests
# hash hundreds (accounts, sign-ins, the live server's sign-in forms).
TEST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    settings.PASSWORD_HASHERS = TEST_PASSWORD_HASHERS
    # The plan generation file of this test process alone: neither another pytest-xdist
    # worker's saves nor a server running beside the tests start its generations.
    own = Path(tempfile.mkdtemp(prefix="ger-test-generation-"))
    settings.PLAN_GENERATION_FILE = own / "plan-generation"
    config.add_cleanup(lambda: shutil.rmtree(own, ignore_errors=True))
    worker = getattr(config, "workerinput", {}).get("workerid")
    if worker is not None:
        use_own_cache(worker)


# Session-scoped fixtures that build an edition (several seconds each): with
# ``--dist loadgroup`` the tests that read one build run on one worker, which
# builds it once, instead of each worker building it for its share of them.
BUILD_FIXTURES = ("built", "language_builds")


def pytest_itemcollected(item: pytest.Item) -> None:
    fixtures = getattr(item, "fixturenames", ())
    # A test that drives chromium runs in the browser group (see the Makefile), but
    # for one that reads a shared build's files (no live server): it runs beside the
    # build's other tests, so that the build is made once.
    reads_a_build = any(fixture in fixtures for fixture in BUILD_FIXTURES)
    if (
        "browser" in fixtures
        and not reads_a_build
        and not item.get_closest_marker("browser")
    ):
        item.add_marker(pytest.mark.browser)
    for fixture in BUILD_FIXTURES:
        if fixture in fixtures:
            item.add_marker(pytest.mark.xdist_group(fixture))


@pytest.hookimpl(tryfirst=True)  # before the test's fixtures are set up
def pytest_runtest_setup(item: pytest.Item) -> None:
    shared_data.close_unless_shared(item)


@pytest.hookimpl(trylast=True)  # after pytest-django's own order
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    shared_data.order_for_shared_data(items)


def use_own_cache(worker: str) -> None:
    """Give this pytest-xdist worker cache keys no other worker reads or clears.

    Each worker is its own process, so a local-memory cache is its own already; with
    REDIS_URL, ``cache.clear()`` empties the whole Redis database, so worker N uses
    the database N above the one REDIS_URL names.
    """
    from django.conf import settings

    cache = settings.CACHES["default"]
    cache["KEY_PREFIX"] = f"test-{worker}"
    if cache["BACKEND"].endswith(".RedisCache"):
        url = urlsplit(cache["LOCATION"])
        number = int(url.path.strip("/") or 0) + int(worker.removeprefix("gw"))
        cache["LOCATION"] = urlunsplit(url._replace(path=f"/{number}"))


@pytest.fixture(autouse=True)
def _each_test_starts_in_english() -> Iterator[None]:
    """Start and end every test with no language activated.

    A request in French activates French in the thread and nothing deactivates it
    after the response: without this, a later test in the same worker reads its
    messages in French, depending on how the tests were shared between workers.
    """
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def pdf_stand_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build editions without laying out their PDF (tests/pdf_stand_in.py)."""
    from ger.publishing.build import release

    monkeypatch.setattr(release, "PdfLayout", pdf_stand_in_module.StandInLayout)


@pytest.fixture
def empty_caches() -> Iterator[None]:
    """Start and end a test with nothing kept in the caches.

    Kept pages and results carry the plan generation; each test's rows are rolled
    back without a new generation, so what one test kept must not answer the next.
    """
    from django.core.cache import cache

    from ger.http.caching import clear_immutable
    from ger.plancache import new_plan_generation

    def empty() -> None:
        cache.clear()
        clear_immutable()
        # What a process keeps beside the cache (the missions' summaries) is keyed
        # on the generation, which outlives cache.clear() (the generation file).
        new_plan_generation()

    empty()
    yield
    empty()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One Debian chromium for the whole run, driven by Playwright's sync API."""
    if not CHROMIUM.exists():
        pytest.skip(
            "Debian's chromium is not installed at /usr/bin/chromium (.ci/run installs it)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
        # Playwright's event loop gives the test thread another context, in which
        # Django opened database connections of its own: closed here, or PostgreSQL
        # refuses to drop the test database at the end of the run (still in use).
        _close_idle_connections()


def _close_idle_connections() -> None:
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


@pytest.fixture
def write_file(tmp_path: Path):
    """Return a function that writes a dedented text file under tmp_path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


def base_data(request: pytest.FixtureRequest, tmp_path: Path, db: None) -> Path:
    """Load a small valid data set: three agencies, two missions, two editions.

    Shared by the tests that need no committed rows (tests/shared_data.py); loaded
    from a file of the test's own for the others. Returns the file.
    """
    if shared_data.uses_shared(request, "base", "cast"):
        return small_data.base_file()
    path = tmp_path / "base.yaml"
    path.write_text(small_data.BASE_DATA.lstrip("\n"), encoding="utf-8")
    return small_data.load_base(path)


shared_data.SHARED_FIXTURES["base_data"] = base_data
base_data = pytest.fixture(base_data)
