"""A corpus of script-injection payloads in every text field never runs in a real browser."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from ger.plans.models import Mission
from ger.registry.tokens import create_token
from tests.workspace.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    "<script>alert('s1')</script>",
    "<img src=x onerror=alert('s2')>",
    "\"><svg onload=alert('s3')>",
    "javascript:alert('s4')",
    "[click](javascript:alert('s5'))",
    "<a href=\"javascript:alert('s6')\">x</a>",
    "<iframe src=\"javascript:alert('s7')\"></iframe>",
    "<details open ontoggle=alert('s8')>",
    "';alert('s9');//",
    "{{ 7|add:7 }} {% now 'Y' %}",
]
TEXT_FIELDS = [
    "name",
    "description",
    "notes",
    "planned_launch_note",
    "outcome_note",
    "site_name",
    "site_note",
    "uncertain_note",
]


def hostile_mission(client: Client, secret: str, number: int, payload: str) -> str:
    slug = f"hostile-{number}"
    body = {
        "slug": slug,
        "lead": "NASA",
        "destination": "lunar-orbit",
        "kind": "science",
        "status": "planned",
        "planned_launch": "2031",
        "aliases": [payload],
        **{field: f"{payload} {field}" for field in TEXT_FIELDS},
    }
    response = client.post(
        "/api/v1/missions",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 201, response.content
    return slug


def test_no_payload_runs_and_every_payload_is_stored_unchanged(
    live_server, cast_data, nasa_editor, esa_editor, browser
):
    api = Client()
    nasa_secret = create_token(nasa_editor, "xss")[1]
    esa_secret = create_token(esa_editor, "xss")[1]
    slugs = [hostile_mission(api, nasa_secret, n, p) for n, p in enumerate(PAYLOADS)]
    for slug, payload in zip(slugs, PAYLOADS, strict=True):
        stored = api.get(f"/api/v1/missions/{slug}").json()
        assert stored["description"] == f"{payload} description"
        assert stored["name"] == f"{payload} name"
        tag = api.get(f"/api/v1/missions/{slug}")["ETag"]
        proposed = api.post(
            f"/api/v1/missions/{slug}/proposals",
            data=json.dumps({"changes": {"notes": payload}, "reason": payload}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {esa_secret}",
            HTTP_IF_MATCH=tag,
        )
        assert proposed.status_code == 201, proposed.content
        api.post(
            f"/api/v1/proposals/{proposed.json()['id']}/comments",
            data=json.dumps({"body": payload}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {esa_secret}",
        )

    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_server.url}/accounts/login/?next=/workspace/")
    page.fill("#id_username", "editor@nasa.test")
    page.fill("#id_password", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(f"{live_server.url}/workspace/")
    urls = [
        "/missions/",
        "/timeline/",
        "/agencies/nasa/",
        "/destinations/lunar-orbit/",
        "/search/?q=hostile",
        "/search/?q=alert",
        "/workspace/",
        "/workspace/proposals/",
        "/api/v1/missions?search=alert",
    ]
    urls += [f"/missions/{slug}/" for slug in slugs]
    urls += [f"/workspace/missions/{slug}/edit/" for slug in slugs[:3]]
    proposal_ids = [
        p["id"]
        for p in api.get(
            "/api/v1/proposals", HTTP_AUTHORIZATION=f"Bearer {nasa_secret}"
        ).json()["results"]
    ]
    urls += [f"/workspace/proposals/{pk}/" for pk in proposal_ids]
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response is not None
        assert response.status == 200, url
        page.wait_for_load_state("load")
    context.close()
    assert dialogs == []
    assert Mission.objects.filter(slug__startswith="hostile-").count() == len(PAYLOADS)
