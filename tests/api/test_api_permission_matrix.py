"""Every API write endpoint by role by target: the expected status, checked on the data.

A row gives, for each role, the status a valid request gets on a record of NASA and on
one of ESA. A refused request must leave the data as it was; an allowed one must change
it. The matrix is complete: a write operation in the OpenAPI document without a row
fails the test.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from ger.api.api import api
from ger.editions.models import ChangeProposal, ProposalComment
from ger.editions.proposals import propose_change
from ger.plans.models import Mission
from ger.registry.tokens import create_token

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "nasa_editor", "esa_editor", "secretariat")
MISSIONS = {"NASA": "nasa-rover", "ESA": "esa-lander"}


def owner_only(target: str) -> dict[str, int]:
    own = "nasa_editor" if target == "NASA" else "esa_editor"
    return {
        role: 200 if role == own else 401 if role == "anonymous" else 403
        for role in ROLES
    }


def partner_only(target: str) -> dict[str, int]:
    # On the NASA mission ESA is the partner, and the reverse.
    partner = "esa_editor" if target == "NASA" else "nasa_editor"
    return {
        role: 200 if role == partner else 401 if role == "anonymous" else 403
        for role in ROLES
    }


def non_owner_editors(target: str) -> dict[str, int]:
    own = "nasa_editor" if target == "NASA" else "esa_editor"
    expected = {"anonymous": 401, own: 403, "secretariat": 201}
    other = "esa_editor" if own == "nasa_editor" else "nasa_editor"
    expected[other] = 201
    return expected


def decide(target: str) -> dict[str, int]:
    # Proposals are made by the other agency's editor; the owner or the secretariat
    # decides, never the proposer.
    own = "nasa_editor" if target == "NASA" else "esa_editor"
    proposer = "esa_editor" if own == "nasa_editor" else "nasa_editor"
    return {"anonymous": 401, own: 200, proposer: 403, "secretariat": 200}


def comment(target: str) -> dict[str, int]:
    return {"anonymous": 401, "nasa_editor": 201, "esa_editor": 201, "secretariat": 201}


def create_expected(target: str) -> dict[str, int]:
    own = "nasa_editor" if target == "NASA" else "esa_editor"
    return {
        role: 201 if role == own else 401 if role == "anonymous" else 403
        for role in ROLES
    }


def delete_expected(target: str) -> dict[str, int]:
    return {
        role: 204 if code == 200 else code for role, code in owner_only(target).items()
    }


# (method, OpenAPI path) -> expected statuses per role for a target agency
MATRIX: dict[tuple[str, str], Callable[[str], dict[str, int]]] = {
    ("post", "/api/v1/missions"): create_expected,
    ("patch", "/api/v1/missions/{slug}"): owner_only,
    ("delete", "/api/v1/missions/{slug}"): delete_expected,
    ("put", "/api/v1/missions/{slug}/partners/{agency}"): partner_only,
    ("post", "/api/v1/missions/{slug}/proposals"): non_owner_editors,
    ("post", "/api/v1/proposals/{pk}/accept"): decide,
    ("post", "/api/v1/proposals/{pk}/reject"): decide,
    ("post", "/api/v1/proposals/{pk}/comments"): comment,
}


def write_operations() -> set[tuple[str, str]]:
    document = api.get_openapi_schema()
    return {
        (method, path)
        for path, operations in document["paths"].items()
        for method in operations
        if method in {"post", "put", "patch", "delete"}
    }


def test_every_write_endpoint_has_a_row():
    assert write_operations() == set(MATRIX)


def fingerprint() -> str:
    missions = {
        m.slug: (
            m.version,
            m.name,
            str(m.planned_launch),
            sorted((p.agency.code, p.role) for p in m.partnerships.all()),
        )
        for m in Mission.objects.prefetch_related("partnerships__agency")
    }
    proposals = sorted(ChangeProposal.objects.values_list("pk", "state"))
    return json.dumps(
        [missions, proposals, ProposalComment.objects.count()], default=str
    )


def request_for(
    operation: tuple[str, str], target: str, client: Any, users: dict[str, Any]
) -> Callable[[dict[str, str]], Any]:
    slug = MISSIONS[target]
    partner = "ESA" if target == "NASA" else "NASA"
    etag = client.get(f"/api/v1/missions/{slug}")["ETag"]
    method, path = operation

    def send(url: str, body: Any, headers: dict[str, str], verb: str = method) -> Any:
        call = getattr(client, verb)
        return call(
            url, data=json.dumps(body), content_type="application/json", **headers
        )

    if path == "/api/v1/missions":
        body = {
            "slug": f"new-{target.lower()}",
            "name": "New",
            "lead": target,
            "destination": "lunar-orbit",
            "kind": "science",
            "status": "studied",
        }
        return lambda h: send(path, body, h)
    if path == "/api/v1/missions/{slug}":
        url = f"/api/v1/missions/{slug}"
        if method == "delete":
            return lambda h: client.delete(url, **h, HTTP_IF_MATCH=etag)
        return lambda h: send(url, {"name": "Changed"}, {**h, "HTTP_IF_MATCH": etag})
    if path.endswith("/partners/{agency}"):
        url = f"/api/v1/missions/{slug}/partners/{partner}"
        return lambda h: send(
            url, {"role": "changed part"}, {**h, "HTTP_IF_MATCH": etag}
        )
    if path.endswith("/proposals"):
        url = f"/api/v1/missions/{slug}/proposals"
        return lambda h: send(
            url, {"changes": {"name": "Proposed"}}, {**h, "HTTP_IF_MATCH": etag}
        )
    proposer = users["esa_editor" if target == "NASA" else "nasa_editor"]
    mission = Mission.objects.get(slug=slug)
    proposal = propose_change(
        mission,
        {"name": "Proposed"},
        proposer,
        proposer.ger_role.agency,
        mission.version,
    )
    action = path.rsplit("/", 1)[1]
    url = f"/api/v1/proposals/{proposal.pk}/{action}"
    body = {"body": "a remark"} if action == "comments" else {"comment": "ok"}
    return lambda h: send(url, body, h, "post")


@pytest.mark.parametrize("operation", sorted(MATRIX))
@pytest.mark.parametrize("target", ["NASA", "ESA"])
@pytest.mark.parametrize("role", ROLES)
def test_the_matrix(
    client, cast_data, nasa_editor, esa_editor, secretariat, operation, target, role
):
    users = {
        "nasa_editor": nasa_editor,
        "esa_editor": esa_editor,
        "secretariat": secretariat,
    }
    headers = (
        {}
        if role == "anonymous"
        else {"HTTP_AUTHORIZATION": f"Bearer {create_token(users[role], 'matrix')[1]}"}
    )
    send = request_for(operation, target, client, users)
    before = fingerprint()
    response = send(headers)
    expected = MATRIX[operation](target)[role]
    assert response.status_code == expected, (
        operation,
        target,
        role,
        response.content[:300],
    )
    if expected >= 400:
        assert fingerprint() == before
    else:
        assert fingerprint() != before
