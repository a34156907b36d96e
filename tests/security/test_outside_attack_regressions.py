"""The requests an outside attack run (issue 21) answered with 500 or 200: each is 4xx.

These run on SQLite and on PostgreSQL (``DATABASE_URL``): PostgreSQL is where a NUL
character used to reach the database and fail.
"""

from __future__ import annotations

import json

import pytest

from ger.editions.models import ChangeProposal
from ger.plans.models import Mission
from ger.registry.tokens import create_token
from tests.api.test_write_api import auth, etag_of

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


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/missions/%00",
        "/api/v1/missions/a%00b",
        "/api/v1/editions/%00/diff/edition-a",
        "/api/v1/agencies/NA%00SA",
    ],
)
def test_a_nul_in_an_api_path_is_a_json_404(client, cast_data, address):
    response = client.get(address)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "address",
    ["/editions/edition-a/diff/%00/", "/missions/a%00b/", "/fr/missions/%00/"],
)
def test_a_nul_in_a_page_address_is_a_404_page(client, cast_data, address):
    response = client.get(address)
    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]


def test_a_nul_in_a_query_parameter_is_422_naming_it(client, cast_data):
    response = client.get("/api/v1/missions?search=a%00b")
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"search": "contains a NUL character"}
    page = client.get("/missions/?search=%00")
    assert page.status_code == 422
    assert "search: text cannot contain a NUL character" in page.content.decode()


def test_a_nul_in_a_json_field_is_422_naming_it_and_changes_nothing(client, tokens):
    response = client.patch(
        "/api/v1/missions/nasa-rover",
        data=json.dumps({"name": "\u0000"}),
        content_type="application/json",
        **auth(tokens["nasa"], HTTP_IF_MATCH=etag_of(client, "nasa-rover")),
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"name": "contains a NUL character"}
    assert Mission.objects.get(slug="nasa-rover").name == "NASA Rover"
    nested = client.patch(
        "/api/v1/missions/nasa-rover",
        data=json.dumps({"partners": [{"agency": "ESA", "role": "a\u0000"}]}),
        content_type="application/json",
        **auth(tokens["nasa"], HTTP_IF_MATCH=etag_of(client, "nasa-rover")),
    )
    assert nested.json()["error"]["fields"] == {
        "partners.0.role": "contains a NUL character"
    }


def test_an_escaped_backslash_before_u0000_is_not_a_nul(client, tokens):
    response = client.patch(
        "/api/v1/missions/nasa-rover",
        data=json.dumps({"name": "C:\\u0000"}),
        content_type="application/json",
        **auth(tokens["nasa"], HTTP_IF_MATCH=etag_of(client, "nasa-rover")),
    )
    assert response.status_code == 200, response.content
    assert Mission.objects.get(slug="nasa-rover").name == "C:\\u0000"


def test_a_nul_in_a_proposal_comment_is_422(client, tokens):
    proposed = client.post(
        "/api/v1/missions/nasa-rover/proposals",
        data=json.dumps({"changes": {"planned_launch": "2029"}}),
        content_type="application/json",
        **auth(tokens["esa"], HTTP_IF_MATCH=etag_of(client, "nasa-rover")),
    )
    assert proposed.status_code == 201, proposed.content
    pk = proposed.json()["id"]
    response = client.post(
        f"/api/v1/proposals/{pk}/comments",
        data=json.dumps({"body": "see \u0000 here"}),
        content_type="application/json",
        **auth(tokens["nasa"]),
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"body": "contains a NUL character"}
    assert not ChangeProposal.objects.get(pk=pk).comments.exists()


def test_a_nul_in_a_form_field_is_422_naming_it(client, nasa_editor):
    client.force_login(nasa_editor)
    response = client.post("/workspace/tokens/", {"name": "laptop\x00"})
    assert response.status_code == 422
    assert "name: text cannot contain a NUL character" in response.content.decode()
    assert not nasa_editor.ger_api_tokens.exists()


def test_revoking_a_token_by_a_word_is_404_not_a_crash(client, nasa_editor):
    client.force_login(nasa_editor)
    response = client.post("/workspace/tokens/", {"revoke": "abc"})
    assert response.status_code == 404
    assert "revoke: no such token of yours" in response.content.decode()


def test_if_match_star_is_refused_with_a_message(client, tokens):
    response = client.patch(
        "/api/v1/missions/nasa-rover",
        data=json.dumps({"name": "Overwritten"}),
        content_type="application/json",
        **auth(tokens["nasa"], HTTP_IF_MATCH="*"),
    )
    assert response.status_code == 428
    assert "If-Match" in response.json()["error"]["fields"]
    assert Mission.objects.get(slug="nasa-rover").name == "NASA Rover"


@pytest.mark.parametrize("body", ["null", "[]", '"x"', "[null,null]", "3"])
def test_a_patch_body_that_is_not_an_object_is_422(client, tokens, body):
    response = client.patch(
        "/api/v1/missions/nasa-rover",
        data=body,
        content_type="application/json",
        **auth(tokens["nasa"], HTTP_IF_MATCH=etag_of(client, "nasa-rover")),
    )
    assert response.status_code == 422, response.content
    assert response.json()["error"]["code"] == "invalid_parameter"


def test_a_decision_body_that_is_not_an_object_is_422(client, tokens):
    proposed = client.post(
        "/api/v1/missions/nasa-rover/proposals",
        data=json.dumps({"changes": {"planned_launch": "2029"}}),
        content_type="application/json",
        **auth(tokens["esa"], HTTP_IF_MATCH=etag_of(client, "nasa-rover")),
    )
    pk = proposed.json()["id"]
    for action in ("accept", "reject"):
        response = client.post(
            f"/api/v1/proposals/{pk}/{action}",
            data="[null,null]",
            content_type="application/json",
            **auth(tokens["nasa"]),
        )
        assert response.status_code == 422, response.content
    assert ChangeProposal.objects.get(pk=pk).state == "open"


def test_an_unknown_api_address_answers_the_json_error_shape(client, db):
    response = client.get("/api/v1/nope")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_method_the_api_does_not_serve_is_a_json_405(client, cast_data):
    response = client.put("/api/v1/agencies")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("method", ["put", "delete", "trace", "options", "post"])
def test_a_read_only_page_answers_only_get_and_head(client, cast_data, method):
    client.handler.enforce_csrf_checks = False
    response = getattr(client, method)("/missions/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert client.head("/missions/").status_code == 200


def test_a_write_page_answers_post_but_not_put(client, nasa_editor):
    client.force_login(nasa_editor)
    assert client.put("/workspace/tokens/").status_code == 405
    assert client.post("/workspace/tokens/", {"name": "x"}).status_code == 200


def test_openapi_declares_if_match_on_every_versioned_write(client, db):
    document = client.get("/api/v1/openapi.json").json()
    for path, method in (
        ("/api/v1/missions/{slug}", "patch"),
        ("/api/v1/missions/{slug}", "delete"),
        ("/api/v1/missions/{slug}/partners/{agency}", "put"),
        ("/api/v1/missions/{slug}/proposals", "post"),
    ):
        parameters = document["paths"][path][method]["parameters"]
        headers = {p["name"]: p for p in parameters if p["in"] == "header"}
        assert headers["If-Match"]["required"] is True
        assert "428" in document["paths"][path][method]["responses"]


def test_the_lead_cannot_rewrite_a_partners_part_through_patch(client, tokens):
    response = client.patch(
        "/api/v1/missions/nasa-rover",
        data=json.dumps(
            {
                "partners": [
                    {"agency": "ESA", "role": "nothing much", "uncertain": False}
                ]
            }
        ),
        content_type="application/json",
        **auth(tokens["nasa"], HTTP_IF_MATCH=etag_of(client, "nasa-rover")),
    )
    assert response.status_code == 403
    assert response.json()["error"]["fields"] == {
        "partners": "cannot change another agency's part"
    }
    mission = Mission.objects.get(slug="nasa-rover")
    assert [(p.agency.code, p.role) for p in mission.partnerships.all()] == [
        ("ESA", "camera")
    ]


def test_the_lead_may_still_add_a_partner_with_its_part(client, tokens):
    response = client.patch(
        "/api/v1/missions/nasa-rover",
        data=json.dumps(
            {
                "partners": [
                    {"agency": "ESA", "role": "camera", "uncertain": False},
                    {"agency": "JAXA", "role": "rover wheels", "uncertain": True},
                ]
            }
        ),
        content_type="application/json",
        **auth(tokens["nasa"], HTTP_IF_MATCH=etag_of(client, "nasa-rover")),
    )
    assert response.status_code == 200, response.content
    partners = Mission.objects.get(slug="nasa-rover").partnerships.order_by("agency")
    assert [(p.agency.code, p.role) for p in partners] == [
        ("ESA", "camera"),
        ("JAXA", "rover wheels"),
    ]


def test_the_lead_cannot_rewrite_a_partners_part_in_the_web_form(client, nasa_editor):
    from ger.plans.services import mission_state
    from ger.workspace.mission_forms import MissionForm

    mission = Mission.objects.get(slug="nasa-rover")
    initial = MissionForm.initial_from_state(mission_state(mission), mission.version)
    data = {
        key: ("on" if value is True else value)
        for key, value in initial.items()
        if value not in (None, False)
    }
    # The form's partner rows: agency and role of each partner.
    data = {k: v for k, v in data.items() if not k.startswith("partner_")}
    data.update({"partner_agency_0": "ESA", "partner_role_0": "nothing much"})
    client.force_login(nasa_editor)
    response = client.post("/workspace/missions/nasa-rover/edit/", data)
    assert response.status_code == 400
    assert (
        "only a partner agency describes its own part: ESA" in response.content.decode()
    )
    assert mission.partnerships.get().role == "camera"


def test_a_proposal_cannot_rewrite_a_third_agencys_part(client, tokens, jaxa_editor):
    jaxa = create_token(jaxa_editor, "test")[1]
    response = client.post(
        "/api/v1/missions/nasa-rover/proposals",
        data=json.dumps(
            {"changes": {"partners": [{"agency": "ESA", "role": "nothing much"}]}}
        ),
        content_type="application/json",
        **auth(jaxa, HTTP_IF_MATCH=etag_of(client, "nasa-rover")),
    )
    assert response.status_code == 403
    assert not ChangeProposal.objects.exists()
    own = client.post(
        "/api/v1/missions/nasa-rover/proposals",
        data=json.dumps(
            {"changes": {"partners": [{"agency": "ESA", "role": "camera and arm"}]}}
        ),
        content_type="application/json",
        **auth(tokens["esa"], HTTP_IF_MATCH=etag_of(client, "nasa-rover")),
    )
    assert own.status_code == 201, own.content


def test_a_leading_pipe_cannot_start_a_formula_in_a_csv_export(client, cast_data):
    Mission.objects.filter(slug="nasa-rover").update(planned_launch_note="|calc!A0")
    rows = client.get("/missions/export.csv?lead=NASA").content.decode()
    assert ",'|calc!A0," in rows
