"""The whole co-authoring loop in a real browser, with the demo accounts.

An editor proposes; the secretariat is notified and accepts; the editor is notified;
the secretariat drafts an edition and writes its prose; agencies review and one flags
a problem, which blocks publication until it is resolved; publication builds the
edition and the public edition page offers its PDF. After each sign-in every page is
reached by clicking, never by typing an address.

The build lays out a stand-in PDF (tests/pdf_stand_in.py): what this test follows is
the loop, the build's run and the download; what the PDF of a newly published edition
holds is read by tests/publishing (the prose and images tests build one for real).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from ger.editions.models import ChangeProposal, Edition
from ger.notifications.models import Notification
from ger.plans.models import Mission
from ger.publishing.models import BuildRun
from ger.registry.services import ensure_demo_accounts
from ger.workspace.models import FlagResolution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IMMEDIATE_TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
}


@pytest.fixture
def loop_settings(settings: Any, tmp_path: Path, pdf_stand_in: None) -> None:
    # The build runs inside the publishing request (no worker in a test), writes
    # under a throwaway folder and lays out no PDF of its own.
    settings.TASKS = IMMEDIATE_TASKS
    settings.VAR_DIR = tmp_path


def sign_in(browser: Any, base_url: str, email: str, password: str) -> Any:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base_url}/workspace/")
    return page


def open_inbox_notice(page: Any, title_part: str) -> None:
    page.click("#nav-inbox")
    page.click(f"ul.notices button.link:has-text({title_part!r})")


def test_the_coauthoring_loop_from_proposal_to_the_published_pdf(
    seeded_server, browser, loop_settings, screenshot
):
    base = seeded_server.url
    accounts = {account.email: account for account in ensure_demo_accounts()}
    secretariat_email = "secretariat@demo.ger.invalid"
    esa_email, nasa_email = (
        "esa-editor@demo.ger.invalid",
        "nasa-editor@demo.ger.invalid",
    )

    # An ESA editor proposes a new date for a NASA mission.
    esa = sign_in(browser, base, esa_email, accounts[esa_email].password)
    esa.click("text=Other agencies' missions: propose a change")
    esa.click("details a:has-text('Artemis III')")
    esa.fill("#id_planned_launch", "2029-Q1")
    esa.click("form.mission-form button[type=submit]")
    assert ChangeProposal.objects.filter(mission_slug="artemis-iii").count() == 1

    # The secretariat finds it in its inbox and accepts it.
    secretariat = sign_in(
        browser, base, secretariat_email, accounts[secretariat_email].password
    )
    assert secretariat.text_content("#nav-inbox .count") == "1"
    open_inbox_notice(secretariat, "Proposed change to Artemis III")
    screenshot(secretariat, "loop-proposal")
    secretariat.click("text=Accept and apply")
    assert secretariat.text_content("#proposal-state") == "accepted"
    assert "2029-Q1" in secretariat.text_content("main table")
    assert str(Mission.objects.get(slug="artemis-iii").planned_launch) == "2029-Q1"

    # The editor hears of the decision.
    esa.reload()
    open_inbox_notice(esa, "was accepted")
    assert "accepted" in esa.text_content("#proposal-state")
    assert any(esa_email in message.to for message in mail.outbox)

    # The secretariat drafts an edition and writes its prose.
    secretariat.click("nav.workspace >> text=Editions")
    secretariat.fill("#id_code", "GER-2027")
    secretariat.fill("#id_slug", "ger-2027")
    secretariat.fill("#id_title", "Global Exploration Roadmap 2027")
    secretariat.select_option("#id_kind", "roadmap")
    secretariat.fill("#id_released", "2027")
    secretariat.click("form[action$='/workspace/editions/new/'] button")
    secretariat.click("text=Write its prose")
    secretariat.fill("#prose-introduction", "The agencies' plans, **together**.")
    secretariat.locator("fieldset.prose-part").first.locator("summary").click()
    secretariat.fill("#prose-introduction\\:fr", "Les plans des agences, ensemble.")
    secretariat.click("text=Save the prose")
    secretariat.click("text=The edition in the workspace")
    secretariat.click("text=Send to review")
    assert secretariat.text_content("#edition-status") == "in review"

    # A NASA editor is told that the edition awaits NASA's review and flags a problem.
    nasa = sign_in(browser, base, nasa_email, accounts[nasa_email].password)
    open_inbox_notice(nasa, "awaits your agency's review")
    nasa.select_option("#id_mission_slug", label="Artemis III")
    nasa.fill("#id_body", "Artemis III should read NET 2029-Q1.")
    nasa.click("text=Flag a problem")
    assert "Problem flagged for the secretariat." in nasa.text_content("ul.messages")

    # The open flag blocks publication.
    secretariat.reload()
    secretariat.click("text=Publish…")
    assert "still open" in secretariat.text_content("#open-flags")
    screenshot(secretariat, "loop-publish-blocked")
    secretariat.click("#confirm-publish")
    assert "1 flagged problem is open" in secretariat.text_content(".problem")
    assert Edition.objects.get(slug="ger-2027").status == "review"

    # Resolved, the edition is published and its document built.
    secretariat.click("text=Resolve them on the edition's page")
    secretariat.fill("ul.flags textarea", "The plan says NET 2029-Q1 now.")
    secretariat.click("text=Mark resolved")
    assert FlagResolution.objects.count() == 1
    secretariat.click("text=Publish…")
    assert "None: every flagged problem is resolved." in secretariat.text_content(
        "#open-flags"
    )
    secretariat.click("#confirm-publish")
    secretariat.wait_for_selector("#build-state")
    assert "succeeded" in secretariat.text_content("#build-state")
    assert "started by a worker" in secretariat.text_content("pre.build-log")
    screenshot(secretariat, "loop-build")
    run = BuildRun.objects.get(edition__slug="ger-2027")
    assert run.state == "succeeded"

    # The public edition page offers the PDF.
    secretariat.click("text=The public edition page")
    with secretariat.expect_download() as download:
        secretariat.click("#download-pdf")
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert Edition.objects.get(slug="ger-2027").status == "published"
    assert Notification.objects.filter(
        recipient__email=nasa_email, kind="edition_in_review"
    ).exists()
    for page in (esa, secretariat, nasa):
        page.context.close()
