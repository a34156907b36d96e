"""The tags that put analyses on agency and mission pages."""

from __future__ import annotations

import pytest
from django.template import Context, Template

pytestmark = pytest.mark.django_db


def render(text: str) -> str:
    return Template("{% load analysis %}" + text).render(Context())


def test_an_agency_panel_lists_its_opportunities_with_reasons(seeded):
    body = render('{% agency_opportunities "JAXA" %}')
    assert "Partnership opportunities" in body
    assert "JAXA and NASA" in body
    assert "/analysis/partnerships/?agency=JAXA" in body


def test_a_mission_panel_shows_its_forecast_or_why_not_and_knock_on(seeded):
    body = render('{% mission_outlook "gateway-ppe-halo" %}')
    # No dated statement of its current plan (NET 2028): no forecast, and why.
    assert "No reliable forecast" in body
    assert "no dated statement" in body
    assert "The plan's own window: NET 2028." in body
    assert "If it slipped 12 months" in body
    assert "Artemis IV" in body


def test_a_launched_mission_has_no_outlook_and_no_what_if_link(seeded):
    # A launched mission cannot move: the what-if would refuse it (400).
    body = render('{% mission_outlook "artemis-i" %}')
    assert "P50" not in body
    assert "what-if" not in body
