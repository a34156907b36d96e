from __future__ import annotations

import pytest
from django.core.management import call_command

from ger.editions.models import Edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed", verbosity=0)


def test_the_home_page_lists_the_27_member_agencies(
    client, seeded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get("/")
    assert response.status_code == 200
    assert len(response.context["members"]) == 27
    body = response.content.decode()
    for code in ("AEB", "NZSA", "PT Space", "UAE Space Agency", "VNSC"):
        assert f">{code}</a>" in body


def test_an_agency_page_shows_its_missions(
    client, seeded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get("/agencies/jaxa/")
    assert response.status_code == 200
    names = [mission.name for mission in response.context["missions"]]
    assert "SLIM" in names
    assert "Japan Aerospace Exploration Agency" in response.content.decode()


def test_a_mission_page_shows_the_plan_of_each_edition(
    client, seeded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        response = client.get("/missions/artemis-iii/")
    assert response.status_code == 200
    editions = [plan.edition.code for plan in response.context["plans"]]
    assert editions == ["GER-SUPP-2020", "GER-SUPP-2022"]
    assert "reconstructed from public reporting" in response.content.decode()


def test_a_published_edition_page_lists_its_plans(client, seeded):
    response = client.get("/editions/2022-supplement/")
    assert response.status_code == 200
    assert len(response.context["plans"]) == 30


def test_editions_in_review_are_not_public(client, seeded):
    Edition.objects.create(
        code="X", slug="secret", title="In review", kind="roadmap", status="review"
    )
    assert client.get("/editions/secret/").status_code == 404


def test_unknown_pages_are_404(client, seeded):
    assert client.get("/agencies/nope/").status_code == 404
    assert client.get("/missions/nope/").status_code == 404


def test_mission_descriptions_are_sanitized(client, seeded):
    from ger.plans.models import Mission

    Mission.objects.filter(slug="slim").update(
        description="**Pinpoint** <script>alert(1)</script> [x](javascript:alert(1))"
    )
    body = client.get("/missions/slim/").content.decode()
    assert "<strong>Pinpoint</strong>" in body
    assert "<script>alert(1)" not in body
    assert 'href="javascript:' not in body
