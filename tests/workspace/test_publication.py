"""Publishing with care: a confirmation step, and open flags that block publication."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ger.editions.models import Edition, EditionProse
from ger.editions.workflow import create_draft_edition, flag_problem, submit_for_review
from ger.publishing.models import BuildRun
from ger.registry.models import Agency
from ger.workspace.models import FlagResolution, PublicationOverride

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def builds_only_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }


@pytest.fixture
def in_review(cast_data, secretariat):
    edition = create_draft_edition(
        code="GER-SUPP-2027",
        slug="2027-supplement",
        title="2027 supplement",
        kind="supplement",
        released="2027-03",
        user=secretariat,
    )
    EditionProse.objects.create(
        edition=edition,
        part="introduction",
        markdown="Welcome.",
        translations={"fr": {"markdown": "Bienvenue."}},
    )
    return submit_for_review(edition, secretariat)


@pytest.fixture
def flagged(in_review, esa_editor):
    return flag_problem(
        in_review,
        Agency.objects.get(code="ESA"),
        esa_editor,
        "esa-lander",
        "The launch is NET 2030 now.",
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_confirmation_shows_what_will_be_frozen_and_what_is_missing(
    in_review, flagged, secretariat
):
    page = signed_in(secretariat).get(
        reverse("workspace:edition_publish", args=[in_review.slug])
    )
    assert page.status_code == 200
    check = page.context["check"]
    assert check.mission_count == 4
    assert check.agency_count == 3
    assert [flag.pk for flag in check.open_flags] == [flagged.pk]
    assert "executive summary" in check.missing_prose
    assert "introduction" not in check.missing_prose
    assert ("introduction", "Español") in check.missing_translations
    assert ("introduction", "Français") not in check.missing_translations
    body = page.content.decode()
    assert "The launch is NET 2030 now." in body
    assert "Publish despite the open flags" in body
    assert Edition.objects.get(pk=in_review.pk).status == "review"


def test_an_open_flag_blocks_publication_without_a_reason(
    in_review, flagged, secretariat
):
    response = signed_in(secretariat).post(
        reverse("workspace:edition_publish", args=[in_review.slug]),
        {"override_reason": "  "},
    )
    assert response.status_code == 409
    assert "1 flagged problem is open" in response.content.decode()
    assert Edition.objects.get(pk=in_review.pk).status == "review"
    assert BuildRun.objects.count() == 0


def test_a_resolved_flag_lets_publication_go_ahead_and_build(
    in_review, flagged, secretariat
):
    client = signed_in(secretariat)
    resolved = client.post(
        reverse("workspace:flag_resolve", args=[in_review.slug, flagged.pk]),
        {"note": "ESA's date is in the plan now."},
    )
    assert resolved.status_code == 302
    assert FlagResolution.objects.get(flag=flagged).note == (
        "ESA's date is in the plan now."
    )
    page = client.get(reverse("workspace:edition_publish", args=[in_review.slug]))
    assert page.context["check"].open_flags == []
    published = client.post(reverse("workspace:edition_publish", args=[in_review.slug]))
    run = BuildRun.objects.get(edition=in_review)
    assert published.status_code == 302
    assert published["Location"] == run.get_absolute_url()
    assert Edition.objects.get(pk=in_review.pk).status == "published"
    assert PublicationOverride.objects.count() == 0


def test_the_secretariat_can_publish_over_open_flags_with_a_recorded_reason(
    in_review, flagged, secretariat
):
    response = signed_in(secretariat).post(
        reverse("workspace:edition_publish", args=[in_review.slug]),
        {"override_reason": "Agreed at the meeting of 3 December."},
    )
    assert response.status_code == 302
    override = PublicationOverride.objects.get(edition=in_review)
    assert override.reason == "Agreed at the meeting of 3 December."
    assert override.user_label == secretariat.get_username()
    assert override.open_flags == [
        {
            "id": flagged.pk,
            "agency": "ESA",
            "mission": "esa-lander",
            "problem": "The launch is NET 2030 now.",
        }
    ]
    assert Edition.objects.get(pk=in_review.pk).status == "published"


def test_a_flag_is_resolved_once_and_only_with_a_note(in_review, flagged, secretariat):
    client = signed_in(secretariat)
    url = reverse("workspace:flag_resolve", args=[in_review.slug, flagged.pk])
    assert client.post(url, {"note": ""}).status_code == 400
    assert client.post(url, {"note": "Fixed."}).status_code == 302
    again = client.post(url, {"note": "Fixed twice."})
    assert again.status_code == 400
    assert "already resolved" in again.content.decode()
    assert FlagResolution.objects.get(flag=flagged).note == "Fixed."


def test_the_flag_form_offers_the_agencys_missions_by_name(in_review, esa_editor):
    page = signed_in(esa_editor).get(
        reverse("workspace:edition", args=[in_review.slug])
    )
    choices = dict(page.context["flag_form"].fields["mission_slug"].choices)
    assert choices["esa-lander"] == "ESA Lander"
    assert choices["nasa-rover"] == "NASA Rover"
    assert "orbiter-one" in choices
    assert '<select name="mission_slug"' in page.content.decode()
