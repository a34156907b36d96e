from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from ger.editions.models import ChangeProposal
from ger.history.models import Revision
from ger.plans.models import Mission
from ger.registry.models import ApiToken
from ger.registry.tokens import create_token, digest_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def tokens(cast_data, nasa_editor, esa_editor, secretariat):
    return {
        name: create_token(user, "test")[1]
        for name, user in (
            ("nasa", nasa_editor),
            ("esa", esa_editor),
            ("secretariat", secretariat),
        )
    }


def auth(secret: str, **headers: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", **headers}


def etag_of(client, slug: str) -> str:
    return client.get(f"/api/v1/missions/{slug}")["ETag"]


def patch(client, slug: str, body: dict, secret: str, **headers: str):
    return client.patch(
        f"/api/v1/missions/{slug}",
        data=json.dumps(body),
        content_type="application/json",
        **auth(secret, **headers),
    )


def test_tokens_are_stored_hashed_and_shown_once(nasa_editor):
    token, secret = create_token(nasa_editor, "laptop")
    assert secret.startswith("ger_")
    assert token.digest == digest_of(secret)
    assert secret not in {t.digest for t in ApiToken.objects.all()}
    assert token.prefix == secret[:12]


def test_writes_without_a_token_are_401(client, cast_data):
    response = client.patch(
        "/api/v1/missions/nasa-rover", data="{}", content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert (
        client.patch(
            "/api/v1/missions/nasa-rover",
            data="{}",
            content_type="application/json",
            **auth("ger_not-a-real-token"),
        ).status_code
        == 401
    )


def test_an_editor_changes_its_own_mission_with_if_match(client, tokens):
    tag = etag_of(client, "nasa-rover")
    response = patch(
        client,
        "nasa-rover",
        {"planned_launch": "NET 2031"},
        tokens["nasa"],
        HTTP_IF_MATCH=tag,
    )
    assert response.status_code == 200, response.content
    assert response.json()["planned_launch"] == "NET 2031"
    assert response["ETag"] != tag
    revision = Revision.objects.of_record(
        "mission", Mission.objects.get(slug="nasa-rover").pk
    ).first()
    assert revision.changes["planned_launch"] == {
        "before": "2028-Q3",
        "after": "NET 2031",
    }


def test_a_write_without_if_match_is_428_and_a_stale_one_412(client, tokens):
    missing = patch(client, "nasa-rover", {"name": "X"}, tokens["nasa"])
    assert missing.status_code == 428
    assert "If-Match" in missing.json()["error"]["fields"]
    tag = etag_of(client, "nasa-rover")
    assert (
        patch(
            client, "nasa-rover", {"name": "First"}, tokens["nasa"], HTTP_IF_MATCH=tag
        ).status_code
        == 200
    )
    stale = patch(
        client, "nasa-rover", {"name": "Second"}, tokens["nasa"], HTTP_IF_MATCH=tag
    )
    assert stale.status_code == 412
    assert Mission.objects.get(slug="nasa-rover").name == "First"


def test_a_revoked_token_no_longer_works(client, cast_data, nasa_editor):
    token, secret = create_token(nasa_editor, "old")
    call_command("token", nasa_editor.email, "--revoke", token.prefix, verbosity=0)
    assert (
        patch(
            client,
            "nasa-rover",
            {"name": "X"},
            secret,
            HTTP_IF_MATCH=etag_of(client, "nasa-rover"),
        ).status_code
        == 401
    )


def test_bad_fields_are_422_naming_the_field_and_change_nothing(client, tokens):
    tag = etag_of(client, "nasa-rover")
    response = patch(
        client,
        "nasa-rover",
        {"planned_launch": "2031-13", "destination": "pluto"},
        tokens["nasa"],
        HTTP_IF_MATCH=tag,
    )
    assert response.status_code == 422
    assert {"planned_launch", "destination"} <= set(response.json()["error"]["fields"])
    assert etag_of(client, "nasa-rover") == tag


def test_malformed_json_is_a_clear_error(client, tokens):
    response = client.patch(
        "/api/v1/missions/nasa-rover",
        data="{not json",
        content_type="application/json",
        **auth(tokens["nasa"], HTTP_IF_MATCH=etag_of(client, "nasa-rover")),
    )
    assert response.status_code in {400, 422}
    assert set(response.json()) == {"error"}


def test_creating_and_deleting_a_mission(client, tokens):
    body = {
        "slug": "nasa-orbiter",
        "name": "NASA Orbiter",
        "destination": "lunar-orbit",
        "kind": "science",
        "status": "studied",
        "planned_launch": "2032",
    }
    created = client.post(
        "/api/v1/missions",
        data=json.dumps(body),
        content_type="application/json",
        **auth(tokens["nasa"]),
    )
    assert created.status_code == 201, created.content
    assert created.json()["lead"] == "NASA"
    duplicate = client.post(
        "/api/v1/missions",
        data=json.dumps(body),
        content_type="application/json",
        **auth(tokens["nasa"]),
    )
    assert duplicate.status_code == 422
    deleted = client.delete(
        "/api/v1/missions/nasa-orbiter",
        **auth(tokens["nasa"], HTTP_IF_MATCH=created["ETag"]),
    )
    assert deleted.status_code == 204
    assert not Mission.objects.filter(slug="nasa-orbiter").exists()
    actions = list(
        Revision.objects.filter(record_key="nasa-orbiter").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["create", "delete"]


def test_proposals_flow_to_the_owner_who_accepts_them(client, tokens):
    tag = etag_of(client, "nasa-rover")
    proposed = client.post(
        "/api/v1/missions/nasa-rover/proposals",
        data=json.dumps(
            {"changes": {"planned_launch": "2029"}, "reason": "our instrument slips"}
        ),
        content_type="application/json",
        **auth(tokens["esa"], HTTP_IF_MATCH=tag),
    )
    assert proposed.status_code == 201, proposed.content
    pk = proposed.json()["id"]
    mine = client.get("/api/v1/proposals", **auth(tokens["nasa"])).json()
    assert [p["id"] for p in mine["results"]] == [pk]
    assert (
        client.post(
            f"/api/v1/proposals/{pk}/accept",
            data="{}",
            content_type="application/json",
            **auth(tokens["esa"]),
        ).status_code
        == 403
    )
    accepted = client.post(
        f"/api/v1/proposals/{pk}/accept",
        data="{}",
        content_type="application/json",
        **auth(tokens["nasa"]),
    )
    assert accepted.json()["state"] == "accepted"
    assert str(Mission.objects.get(slug="nasa-rover").planned_launch) == "2029"
    assert ChangeProposal.objects.get(pk=pk).state == "accepted"


def test_another_agencys_proposals_are_invisible(client, tokens, jaxa_editor):
    tag = etag_of(client, "nasa-rover")
    proposed = client.post(
        "/api/v1/missions/nasa-rover/proposals",
        data=json.dumps({"changes": {"name": "Renamed"}}),
        content_type="application/json",
        **auth(tokens["esa"], HTTP_IF_MATCH=tag),
    ).json()
    jaxa = create_token(jaxa_editor, "t")[1]
    assert (
        client.get(f"/api/v1/proposals/{proposed['id']}", **auth(jaxa)).status_code
        == 404
    )
    assert client.get("/api/v1/proposals", **auth(jaxa)).json()["count"] == 0


def test_the_mission_history_is_public_without_authors_and_the_feed_is_for_the_secretariat(
    client, tokens
):
    patch(
        client,
        "nasa-rover",
        {"name": "Renamed"},
        tokens["nasa"],
        HTTP_IF_MATCH=etag_of(client, "nasa-rover"),
    )
    history = client.get("/api/v1/missions/nasa-rover/revisions").json()
    assert history["results"][0]["changes"]["name"]["after"] == "Renamed"
    assert "@" not in json.dumps(history)
    assert client.get("/api/v1/revisions", **auth(tokens["nasa"])).status_code == 403
    feed = client.get(
        "/api/v1/revisions?agency=NASA", **auth(tokens["secretariat"])
    ).json()
    assert feed["count"] >= 1
    assert "@" in feed["results"][0]["by"]


def test_the_edition_diff_shows_the_real_replans(client, seeded_data):
    data = client.get("/api/v1/editions/2020-supplement/diff/2022-supplement").json()
    text = json.dumps(data)
    assert "artemis-iii" in text
    assert "NET 2025" in text


def test_the_token_command_prints_a_working_token(
    client, cast_data, nasa_editor, capsys
):
    call_command("token", nasa_editor.email, "--name", "ci")
    secret = capsys.readouterr().out.splitlines()[0]
    assert (
        patch(
            client,
            "nasa-rover",
            {"name": "Via CLI"},
            secret,
            HTTP_IF_MATCH=etag_of(client, "nasa-rover"),
        ).status_code
        == 200
    )


def test_the_account_page_creates_a_token_once_and_revokes_it(
    client, cast_data, nasa_editor
):
    client.force_login(nasa_editor)
    created = client.post("/workspace/tokens/", {"name": "planning tool"})
    assert created.status_code == 200
    secret = created.context["secret"]
    assert secret.startswith("ger_")
    again = client.get("/workspace/tokens/")
    assert secret not in again.content.decode()
    token = ApiToken.objects.get(user=nasa_editor)
    assert client.post("/workspace/tokens/", {"revoke": token.pk}).status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.post("/workspace/tokens/", {"name": ""}).status_code == 400
