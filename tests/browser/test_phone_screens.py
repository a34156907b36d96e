"""Every page type on a phone (390 by 844) and on a laptop (1366 px), in chromium.

On a phone no page scrolls sideways (wide tables scroll inside their own box or
become stacked cards), charts scale to the screen and the header stays compact.
Each page is also shown at 1366 px. Screenshots of every page at both widths are
kept under ``var/artifacts/screenshots/`` (the path is printed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

from ger.editions.workflow import create_draft_edition
from ger.imagery.services import attach_image
from ger.plans.models import Mission
from ger.registry.services import create_account
from tests.conftest import ARTIFACTS
from tests.images import jpeg_with_metadata, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
PASSWORD = "correct-horse-battery-staple-42"
# The header may take at most this share of a phone's first screen.
HEADER_SHARE = 0.2
SCREENSHOT_HEIGHT = 6000
# Pages drawn by a script after "load": what to wait for before measuring them.
DRAWN_BY_SCRIPT = {"api-docs": "#swagger-ui .info"}

PUBLIC_PAGES = [
    ("home", "/"),
    ("missions", "/missions/"),
    ("mission", "/missions/artemis-ii/"),
    ("destinations", "/destinations/"),
    ("destination", "/destinations/lunar-surface/"),
    ("agencies", "/agencies/"),
    ("agency", "/agencies/nasa/"),
    ("editions", "/editions/"),
    ("edition", "/editions/2022-supplement/"),
    ("diff", "/editions/2020-supplement/diff/2022-supplement/"),
    ("timeline", "/timeline/"),
    ("objectives", "/objectives/"),
    ("analyses", "/analysis/"),
    ("analysis-coverage", "/analysis/coverage/"),
    ("analysis-partnerships", "/analysis/partnerships/"),
    ("analysis-schedule", "/analysis/schedule/"),
    ("analysis-risk", "/analysis/risk/"),
    ("analysis-backtest", "/analysis/risk/backtest/"),
    ("analysis-proximity", "/analysis/proximity/"),
    ("search", "/search/?q=lunar+south+pole"),
    ("about", "/about/"),
    ("api-docs", "/api/v1/docs"),
    ("sign-in", "/accounts/login/"),
    ("french-mission", "/fr/missions/artemis-ii/"),
]
EDITOR_PAGES = [
    ("workspace-editor", "/workspace/"),
    ("mission-edit", "/workspace/missions/artemis-ii/edit/"),
    ("mission-new", "/workspace/missions/new/"),
    ("mission-history", "/activity/missions/artemis-ii/"),
    ("images-index", "/workspace/images/"),
    ("mission-images", "/workspace/images/missions/artemis-ii/"),
    ("proposals", "/workspace/proposals/"),
    ("workspace-editions", "/workspace/editions/"),
    ("inbox", "/workspace/inbox/"),
    ("notification-choices", "/workspace/notifications/"),
    ("tokens", "/workspace/tokens/"),
]
SECRETARIAT_PAGES = [
    ("workspace-secretariat", "/workspace/"),
    ("workspace-edition", "/workspace/editions/phone-draft/"),
    ("edition-prose", "/workspace/editions/phone-draft/prose/"),
    ("edition-builds", "/workspace/editions/2022-supplement/builds/"),
    ("new-edition", "/workspace/editions/new/"),
    ("edition-images", "/workspace/images/editions/phone-draft/"),
    ("activity", "/activity/"),
    ("lockouts", "/activity/lockouts/"),
    ("accounts", "/workspace/accounts/"),
    ("membership", "/workspace/membership/"),
    ("membership-edit", "/workspace/membership/nasa/"),
    ("framework", "/workspace/framework/"),
]

MEASURE = """() => {
  const header = document.querySelector("header.site");
  const wide = [];
  for (const element of document.querySelectorAll("main svg, main img, main table")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0) continue;
    // Inside a box that scrolls on its own, an element may be wider than the screen.
    let scroller = element.parentElement, contained = false;
    while (scroller && scroller !== document.body) {
      const overflow = getComputedStyle(scroller).overflowX;
      if (overflow === "auto" || overflow === "scroll") { contained = true; break; }
      scroller = scroller.parentElement;
    }
    // Tables and timelines may scroll inside their box; other charts and images scale.
    const scrolls = element.tagName.toLowerCase() === "table"
      || element.classList.contains("timeline");
    if (box.right > window.innerWidth + 1 && !(scrolls && contained)) {
      wide.push(`${element.tagName.toLowerCase()}#${element.id} ${Math.round(box.width)}px`);
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    header: header ? header.getBoundingClientRect().height : 0,
    wide: wide,
  };
}"""


@pytest.fixture
def phone_data(seeded_server: Any, media_storage: Path) -> dict[str, str]:
    """Accounts, a draft edition and an image, so that every page has its parts."""
    editor = create_account("planner@nasa.test", "editor", "NASA", PASSWORD)
    chair = create_account("chair@isecg.test", "secretariat", None, PASSWORD)
    create_draft_edition(
        code="PHONE-DRAFT",
        slug="phone-draft",
        title="A draft edition",
        kind="supplement",
        released="2027",
        user=chair,
    )
    attach_image(
        Mission.objects.get(slug="artemis-ii"),
        upload(jpeg_with_metadata((1600, 900))),
        alt_text="A test picture of the crew capsule",
        caption="Orion on the launch pad.",
        credit="NASA",
        licence="Public domain",
        user=editor,
    )
    return {"editor": editor.email, "secretariat": chair.email}


def _sign_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/workspace/")


def _keep_screenshot(page: Any, name: str, width: int) -> None:
    """Keep the page's first SCREENSHOT_HEIGHT pixels: long lists go on for metres."""
    height = min(
        page.evaluate("document.documentElement.scrollHeight"), SCREENSHOT_HEIGHT
    )
    arguments = {
        "path": str(ARTIFACTS / f"{name}.png"),
        "full_page": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height},
        "timeout": 90_000,
    }
    try:
        page.screenshot(**arguments)
    except PlaywrightError as error:
        # Chromium sometimes has no frame to give when the machine is busy ("Unable
        # to capture screenshot"); the picture is for people to look at, and a
        # second try after a frame has been drawn gets it.
        if "Unable to capture screenshot" not in str(error):
            raise
        page.wait_for_timeout(500)
        page.screenshot(**arguments)


def _visit_all(
    browser: Any, base: str, viewport: dict[str, int], who: str | None, pages: Any
) -> list[str]:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    if who is not None:
        _sign_in(page, base, who)
    problems = []
    width = viewport["width"]
    for name, url in pages:
        response = page.goto(base + url)
        assert response is not None, url
        assert response.status == 200, url
        if name in DRAWN_BY_SCRIPT:
            # The API docs draw themselves from the OpenAPI document after "load";
            # every other page is whole at "load" (no script fetches its content).
            page.wait_for_selector(DRAWN_BY_SCRIPT[name])
        found = page.evaluate(MEASURE)
        _keep_screenshot(page, f"{width}-{name}", width)
        if found["scrollWidth"] > width:
            problems.append(f"{url}: scrollWidth {found['scrollWidth']} > {width}")
        if found["wide"]:
            problems.append(f"{url}: wider than the screen: {found['wide']}")
        if width == PHONE["width"] and found["header"] > HEADER_SHARE * PHONE["height"]:
            problems.append(f"{url}: header {found['header']:.0f}px tall")
    context.close()
    return problems


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_every_page_type_fits_the_screen(
    seeded_server, browser, phone_data, capsys, viewport
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    base = seeded_server.url
    problems = _visit_all(browser, base, viewport, None, PUBLIC_PAGES)
    problems += _visit_all(browser, base, viewport, phone_data["editor"], EDITOR_PAGES)
    problems += _visit_all(
        browser, base, viewport, phone_data["secretariat"], SECRETARIAT_PAGES
    )
    with capsys.disabled():
        print(f"\nscreenshots at {viewport['width']} px: {ARTIFACTS}/")
    assert not problems, "\n".join(problems)
