"""The what-if link of a mission page: offered only where the mission can move."""

from __future__ import annotations

import re

import pytest

from ger.plans.models import Mission

pytestmark = pytest.mark.django_db

WHATIF = re.compile(r'href="(/analysis/schedule/\?move=[^"]+)"')


def test_every_what_if_link_of_a_mission_page_answers(client, seeded, empty_caches):
    offered = 0
    for slug in Mission.objects.values_list("slug", flat=True):
        page = client.get(f"/missions/{slug}/").content.decode()
        for href in WHATIF.findall(page):
            offered += 1
            assert client.get(href.replace("&amp;", "&")).status_code == 200, slug
    assert offered > 0


def test_a_launched_or_undated_mission_offers_no_what_if(client, seeded, empty_caches):
    flown = client.get("/missions/artemis-i/").content.decode()
    assert not WHATIF.search(flown)
    undated = Mission.objects.filter(
        planned_launch_on__isnull=True, actual_launch_on__isnull=True
    ).first()
    assert undated is not None
    assert not WHATIF.search(client.get(f"/missions/{undated.slug}/").content.decode())
    planned = client.get("/missions/artemis-iv/").content.decode()
    assert WHATIF.search(planned)
