"""Authorization beyond the two matrices (web views, API endpoints): admin, drafts, proposals."""

from __future__ import annotations

import pytest
from django.test import Client

from ger.editions.models import Edition
from ger.plans.models import Mission

pytestmark = pytest.mark.django_db

ROLES = ("nasa_editor", "esa_editor", "secretariat")


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_is_closed_to_every_role_that_is_not_staff(
    request, client, cast_data, role
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    mission = Mission.objects.get(slug="nasa-rover")
    assert client.get("/admin/").status_code == 302
    url = f"/admin/plans/mission/{mission.pk}/change/"
    response = client.post(url, {"name": "Hijacked"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert Mission.objects.get(pk=mission.pk).name == mission.name


def test_the_admin_is_closed_to_anonymous_visitors(client, cast_data):
    response = client.get("/admin/plans/mission/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_drafts_and_review_editions_are_invisible_to_the_public(client, cast_data):
    Edition.objects.create(
        code="D", slug="secret-draft", title="Draft", kind="roadmap", status="draft"
    )
    Edition.objects.create(
        code="R", slug="secret-review", title="Review", kind="roadmap", status="review"
    )
    for slug in ("secret-draft", "secret-review"):
        assert client.get(f"/editions/{slug}/").status_code == 404
        assert client.get(f"/api/v1/editions/{slug}").status_code == 404
        assert client.get(f"/api/v1/editions/{slug}/snapshot").status_code == 404
        assert client.get(f"/api/v1/missions?edition={slug}").status_code == 404
    listed = {e["code"] for e in client.get("/api/v1/editions").json()["results"]}
    assert not {"D", "R"} & listed
    results = client.get("/search/?q=secret&format=json").json()["results"]
    assert not [r for r in results if "secret" in r["url"]]


def test_an_editor_never_sees_another_agencys_proposals(
    cast_data, esa_editor, jaxa_editor
):
    from ger.editions.proposals import propose_change

    mission = Mission.objects.get(slug="nasa-rover")
    proposal = propose_change(
        mission,
        {"name": "From ESA"},
        esa_editor,
        esa_editor.ger_role.agency,
        mission.version,
    )
    outsider = Client()
    outsider.force_login(jaxa_editor)
    assert outsider.get(f"/workspace/proposals/{proposal.pk}/").status_code in {
        403,
        404,
    }
    assert "From ESA" not in outsider.get("/workspace/proposals/").content.decode()
