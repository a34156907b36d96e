"""Proximity measures lunar sites only: a Mars landing site is on another body."""

from __future__ import annotations

import pytest

from ger.analysis.services import proximity
from ger.plans.models import Mission

pytestmark = pytest.mark.django_db


def test_mars_landing_sites_are_not_measured_against_the_moon(seeded):
    mars_sites = set(
        Mission.objects.filter(
            destination__slug__in=["mars-surface", "mars-orbit", "phobos-deimos"],
            site_latitude__isnull=False,
        ).values_list("slug", flat=True)
    )
    assert {"mars-2020-perseverance", "insight"} <= mars_sites
    measured = {site.slug for site in proximity().sites}
    assert measured, "the lunar sites are measured"
    assert not measured & mars_sites
    assert "chandrayaan-3" in measured
