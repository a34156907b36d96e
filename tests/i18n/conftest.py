from __future__ import annotations

import pytest

from tests.shared_data import seed_committed


@pytest.fixture
def page(browser):
    """A fresh browser tab that records console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.console_errors = []
    tab.on(
        "console",
        lambda message: (
            message.type == "error" and tab.console_errors.append(message.text)
        ),
    )
    yield tab
    context.close()


@pytest.fixture
def seeded_server(live_server, transactional_db):
    """The live server on the bundled reference data (committed; tests/shared_data.py)."""
    seed_committed()
    return live_server
