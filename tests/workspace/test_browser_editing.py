"""In a real browser: an editor changes a planned date and sees it in the history;
a second session still holding the old version is refused."""

from __future__ import annotations

import pytest

from ger.plans.models import Mission
from tests.workspace.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base_url: str, next_path: str) -> None:
    page.goto(f"{base_url}/accounts/login/?next={next_path}")
    page.fill("#id_username", "editor@nasa.test")
    page.fill("#id_password", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(f"{base_url}{next_path}")


def test_an_editor_changes_a_date_and_a_stale_session_is_refused(
    live_server, cast_data, nasa_editor, browser
):
    edit_path = "/workspace/missions/nasa-rover/edit/"
    first_context, second_context = browser.new_context(), browser.new_context()
    try:
        first = first_context.new_page()
        second = second_context.new_page()
        sign_in(first, live_server.url, edit_path)
        sign_in(second, live_server.url, edit_path)
        assert second.input_value("#id_planned_launch") == "2028-Q3"

        first.fill("#id_planned_launch", "2030-Q2")
        first.click("form.stacked button[type=submit]")
        assert "now at version 2" in first.text_content("ul.messages")

        first.goto(f"{live_server.url}/activity/missions/nasa-rover/")
        history = first.text_content("section.mission-history")
        assert "planned launch" in history
        assert first.text_content("section.mission-history del") == "2028-Q3"
        assert first.text_content("section.mission-history ins") == "2030-Q2"

        second.fill("#id_name", "Rover From An Old Page")
        with second.expect_response(lambda r: r.request.method == "POST") as answer:
            second.click("form.stacked button[type=submit]")
        assert answer.value.status == 409
        warning = second.text_content("#stale")
        assert "Not saved: this mission changed since you opened it." in warning
        assert "2030-Q2" in warning
    finally:
        first_context.close()
        second_context.close()
    mission = Mission.objects.get(slug="nasa-rover")
    assert (mission.name, str(mission.planned_launch), mission.version) == (
        "NASA Rover",
        "2030-Q2",
        2,
    )
