"""Forms for people: partner rows by agency name, sections, proposals with names."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ger.editions.proposals import accept_proposal, propose_change
from ger.plans.models import Mission
from ger.registry.models import Agency
from tests.workspace.conftest import form_data

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_partners_are_rows_of_agency_and_role(cast_data, nasa_editor):
    mission = cast_data["NASA"]
    url = reverse("workspace:mission_edit", args=[mission.slug])
    page = signed_in(nasa_editor).get(url)
    body = page.content.decode()
    assert '<option value="ESA" selected>ESA — European Space Agency</option>' in body
    assert 'name="partner_role_0" value="camera"' in body
    # One row per partner and three empty ones to add more.
    assert 'name="partner_agency_3"' in body
    assert 'name="partner_agency_4"' not in body
    data = form_data(mission)
    data.update(
        partner_agency_1="JAXA", partner_role_1="rover", partner_uncertain_1="on"
    )
    saved = signed_in(nasa_editor).post(url, data)
    assert saved.status_code == 302
    partners = {
        p.agency.code: (p.role, p.uncertain)
        for p in Mission.objects.get(pk=mission.pk).partnerships.all()
    }
    assert partners == {"ESA": ("camera", False), "JAXA": ("rover", True)}


def test_a_partner_listed_twice_or_a_role_without_agency_is_refused(
    cast_data, nasa_editor
):
    mission = cast_data["NASA"]
    data = form_data(mission)
    data.update(partner_agency_1="ESA", partner_role_2="orphan role")
    response = signed_in(nasa_editor).post(
        reverse("workspace:mission_edit", args=[mission.slug]), data
    )
    assert response.status_code == 400
    errors = response.context["errors"]
    assert "Partner 2: agency: ESA is listed twice" in errors
    assert "Partner 3: agency: choose the partner agency" in errors
    assert Mission.objects.get(pk=mission.pk).version == 1


def test_the_mission_form_comes_in_sections_with_erring_ones_open(
    cast_data, nasa_editor
):
    mission = cast_data["NASA"]
    url = reverse("workspace:mission_edit", args=[mission.slug])
    body = signed_in(nasa_editor).get(url).content.decode()
    assert '<details class="form-section" id="section-identity" open>' in body
    assert '<details class="form-section" id="section-site">' in body
    data = form_data(mission, site_latitude=123)
    body = signed_in(nasa_editor).post(url, data).content.decode()
    assert '<details class="form-section" id="section-site" open>' in body
    assert 'class="choice-filter" data-filters="section-capabilities"' in body


def test_an_accepted_proposal_shows_before_and_after_with_names(
    cast_data, esa_editor, secretariat
):
    mission = cast_data["NASA"]
    proposal = propose_change(
        mission,
        {"name": "NASA Rover II", "destination": "lunar-south-pole"},
        esa_editor,
        Agency.objects.get(code="ESA"),
        1,
    )
    accept_proposal(proposal, secretariat)
    page = signed_in(secretariat).get(reverse("workspace:proposal", args=[proposal.pk]))
    body = page.content.decode()
    assert "Proposed change to NASA Rover II" in body
    assert "<del>Lunar orbit</del> → <ins>Lunar south polar region</ins>" in body
    assert "<del>NASA Rover</del> → <ins>NASA Rover II</ins>" in body
    assert "applied" in body
    assert "as before" not in body
