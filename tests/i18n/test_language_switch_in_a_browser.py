"""A reader switches language on a mission page and stays on that mission."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_to(page, language_name: str) -> None:
    page.locator("nav.languages").get_by_role("link", name=language_name).click()


def test_switching_language_keeps_the_reader_on_the_same_mission(seeded_server, page):
    page.goto(seeded_server.url + "/missions/artemis-ii/")
    assert page.locator("h1").inner_text() == "Artemis II"
    assert page.locator("html").get_attribute("lang") == "en"

    switch_to(page, "Français")
    page.wait_for_url("**/fr/missions/artemis-ii/")
    assert page.locator("h1").inner_text() == "Artemis II"
    assert page.locator("html").get_attribute("lang") == "fr"
    facts = page.locator("dl.facts").inner_text()
    assert "Lancement effectif" in facts
    assert "1 avril 2026" in facts

    switch_to(page, "Español")
    page.wait_for_url("**/es/missions/artemis-ii/")
    assert page.locator("h1").inner_text() == "Artemis II"
    assert "Lanzamiento real" in page.locator("dl.facts").inner_text()

    switch_to(page, "English")
    page.wait_for_url(seeded_server.url + "/missions/artemis-ii/")
    assert "Actual launch" in page.locator("dl.facts").inner_text()
    assert page.console_errors == []


def test_a_french_reader_stays_in_french_while_browsing(seeded_server, page):
    page.goto(seeded_server.url + "/fr/")
    page.get_by_role("navigation", name="Principal").get_by_role(
        "link", name="Missions"
    ).click()
    page.wait_for_url("**/fr/missions/")
    page.get_by_role("checkbox", name="JAXA").first.check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url("**/fr/missions/?**agency=JAXA**")
    assert "SLIM" in page.locator("#missions").inner_text()
    # The switcher keeps the filters: the same list, in Spanish.
    switch_to(page, "Español")
    page.wait_for_url("**/es/missions/?**agency=JAXA**")
    assert "SLIM" in page.locator("#missions").inner_text()
    assert page.locator("h1").inner_text() == "Misiones"
