from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("home", "/", "The Global Exploration Roadmap"),
    ("agencies", "/agencies/", "Member agencies"),
    ("agency", "/agencies/jaxa/", "JAXA"),
    ("missions", "/missions/", "Missions"),
    ("mission", "/missions/artemis-ii/", "Artemis II"),
    ("timeline", "/timeline/", "The mission scenario"),
    ("objectives", "/objectives/", "Goals and objectives"),
    ("destinations", "/destinations/", "Destinations"),
    ("destination", "/destinations/lunar-surface/", "Lunar surface"),
    ("editions", "/editions/", "Editions of the roadmap"),
    ("edition", "/editions/2022-supplement/", "2022 GER Supplement"),
    ("search", "/search/?q=gateway", "Search"),
    ("about", "/about/", "About the data"),
]


def test_every_page_type_renders_in_the_browser(seeded_server, page, screenshot):
    for name, url, heading in PAGES:
        response = page.goto(seeded_server.url + url)
        assert response is not None, url
        assert response.status == 200, url
        assert heading in page.locator("h1").inner_text(), url
        assert page.title().endswith("· GER")
        screenshot(page, f"page-{name}")
    assert page.console_errors == []


def test_the_mission_filters_change_the_list(seeded_server, page, screenshot):
    page.goto(seeded_server.url + "/missions/")
    total = page.locator("#missions tbody tr").count()
    page.get_by_role("checkbox", name="JAXA").first.check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**agency=JAXA**")
    rows = page.locator("#missions tbody tr")
    assert 0 < rows.count() < total
    assert "SLIM" in page.locator("#missions").inner_text()
    assert "Chang'e 6" not in page.locator("#missions").inner_text()
    screenshot(page, "missions-filtered-jaxa")


def test_searching_artemis_and_opening_the_result(seeded_server, page, screenshot):
    page.goto(seeded_server.url + "/")
    page.locator("#site-search").fill("Artemis")
    page.locator("#site-search").press("Enter")
    page.wait_for_url("**/search/?q=Artemis")
    first = page.locator("ol.results li a").first
    assert "Artemis" in first.inner_text()
    screenshot(page, "search-artemis")
    first.click()
    page.wait_for_url("**/missions/artemis-*/")
    assert "Artemis" in page.locator("h1").inner_text()


def test_following_a_mission_from_the_timeline(seeded_server, page, screenshot):
    page.goto(seeded_server.url + "/timeline/")
    screenshot(page, "timeline")
    page.locator('#timeline a[href="/missions/chandrayaan-3/"]').click()
    page.wait_for_url("**/missions/chandrayaan-3/")
    assert page.locator("h1").inner_text() == "Chandrayaan-3"


def test_the_skip_link_is_the_first_keyboard_stop(seeded_server, page):
    page.goto(seeded_server.url + "/missions/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"


def test_pages_fit_a_phone_screen(seeded_server, browser, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(seeded_server.url + "/missions/artemis-ii/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    screenshot(phone, "phone-mission")
    context.close()
    assert width <= 390
