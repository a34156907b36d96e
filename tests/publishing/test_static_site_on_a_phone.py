"""The built static site on a phone: no page scrolls sideways (chromium, 390 px).

Chromium opens the built files, not a live server: the test runs with the other tests
of the shared build (``built``), not in the browser group, so the build is made once.
"""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db

WIDTH = 390


def test_every_page_of_the_built_site_fits_a_phone(built, browser, capsys):
    site = built.out / "site"
    pages = sorted(site.glob("*.html")) + sorted(site.glob("missions/*.html"))[:5]
    assert len(pages) > 8
    context = browser.new_context(viewport={"width": WIDTH, "height": 844})
    page = context.new_page()
    too_wide = {}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for path in pages:
        page.goto(path.as_uri())
        width = page.evaluate("document.documentElement.scrollWidth")
        height = page.evaluate("document.documentElement.scrollHeight")
        if width > WIDTH:
            too_wide[str(path.relative_to(site))] = width
        name = str(path.relative_to(site)).replace("/", "-").removesuffix(".html")
        page.screenshot(
            path=str(ARTIFACTS / f"site-{WIDTH}-{name}.png"),
            clip={"x": 0, "y": 0, "width": WIDTH, "height": min(height, 3000)},
            full_page=True,
        )
    context.close()
    with capsys.disabled():
        print(f"\nstatic site screenshots at {WIDTH} px: {ARTIFACTS}/site-*.png")
    assert too_wide == {}
