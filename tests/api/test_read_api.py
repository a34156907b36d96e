from __future__ import annotations

import pytest

from ger.api.api import api
from ger.editions.models import Edition
from ger.plans.models import Mission

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"code", "message", "fields"}


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == ERROR_KEYS
    return body["error"]


def test_the_error_shape_is_the_same_for_every_kind_of_error(client, seeded):
    not_found = error_of(client.get("/api/v1/missions/no-such-mission"))
    bad_type = error_of(client.get("/api/v1/missions?crewed=perhaps"))
    bad_choice = error_of(client.get("/api/v1/missions?status=flying"))
    assert not_found["code"] == "not_found"
    assert bad_type == {
        "code": "invalid_parameter",
        "message": "invalid value for crewed",
        "fields": {"crewed": bad_type["fields"]["crewed"]},
    }
    assert list(bad_choice["fields"]) == ["status"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("offset=-1", "offset"),
        ("planned_after=1800", "planned_after"),
        ("planned_before=abc", "planned_before"),
        ("ordering=chaos", "ordering"),
        ("kind=spaceship", "kind"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(client, seeded, query, parameter):
    response = client.get(f"/api/v1/missions?{query}")
    assert response.status_code == 422
    assert parameter in error_of(response)["fields"]


def test_a_reversed_year_range_matches_nothing(client, seeded):
    data = client.get("/api/v1/missions?planned_after=2030&planned_before=2020").json()
    assert data["count"] == 0


def test_an_unknown_edition_is_404_naming_the_parameter(client, seeded):
    response = client.get("/api/v1/missions?edition=GER-99")
    assert response.status_code == 404
    assert "edition" in error_of(response)["fields"]


def test_lists_paginate_with_limit_and_offset(client, seeded):
    first = client.get("/api/v1/missions?limit=5&ordering=name").json()
    second = client.get("/api/v1/missions?limit=5&offset=5&ordering=name").json()
    assert first["count"] == second["count"] == Mission.objects.count()
    assert len(first["results"]) == 5
    names = [m["name"] for m in first["results"] + second["results"]]
    assert names == sorted(names)
    assert client.get("/api/v1/missions").json()["limit"] == 50


def test_multi_value_filters_and_ranges(client, seeded):
    data = client.get("/api/v1/missions?agency=JAXA,ISRO&limit=500").json()
    assert {m["slug"] for m in data["results"]} >= {"slim", "lupex", "chandrayaan-3"}
    ranged = client.get(
        "/api/v1/missions?planned_after=2027&planned_before=2029&limit=500"
    ).json()
    assert ranged["results"]
    for mission in ranged["results"]:
        assert 2027 <= int(mission["planned_launch"].split()[-1][:4]) <= 2029


def test_destination_filter_includes_sub_destinations(client, seeded):
    data = client.get("/api/v1/missions?destination=lunar-surface&limit=500").json()
    assert "lunar-south-pole" in {m["destination"] for m in data["results"]}


def test_crewed_and_status_filters(client, seeded):
    data = client.get(
        "/api/v1/missions?crewed=true&status=planned,succeeded&limit=500"
    ).json()
    assert data["results"]
    assert all(
        m["crewed"] and m["status"] in {"planned", "succeeded"} for m in data["results"]
    )


def test_search_finds_missions_by_alias(client, seeded):
    data = client.get("/api/v1/missions?search=Chandrayaan-5").json()
    assert [m["slug"] for m in data["results"]] == ["lupex"]


def test_the_plan_as_an_edition_stated_it(client, seeded):
    data = client.get("/api/v1/missions?edition=2020-supplement&limit=500").json()
    assert data["count"] == 12
    artemis = next(m for m in data["results"] if m["slug"] == "artemis-iii")
    assert artemis["planned_launch"] == "2024"
    assert artemis["planned_launch_precision"] == "year"
    assert artemis["in_edition"] == "confirmed"
    assert artemis["basis"] == "reconstructed"
    by_code = client.get("/api/v1/missions?edition=GER-SUPP-2020&limit=1").json()
    assert by_code["count"] == 12


def test_a_mission_has_every_field_and_an_etag_of_its_version(client, seeded):
    response = client.get("/api/v1/missions/chandrayaan-3")
    data = response.json()
    mission = Mission.objects.get(slug="chandrayaan-3")
    assert response["ETag"] == f'"mission-{mission.pk}-v{mission.version}"'
    assert data["actual_launch"] == "2023-07-14"
    # Each edition's current issue: the corrected 2020 supplement holds no
    # statement on Chandrayaan-3 (only later reporting gives its 2020 plan).
    assert [p["edition"] for p in data["plans"]] == ["GER-SUPP-2022-E1"]
    assert data["landing_site"]["latitude"] == pytest.approx(-69.373)
    assert {d["mission"] for d in data["depends_on"]} == {"chandrayaan-2"}
    assert data["sources"]


def test_conditional_get_answers_304(client, seeded):
    first = client.get("/api/v1/agencies/NASA")
    again = client.get("/api/v1/agencies/NASA", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert (
        client.get("/api/v1/agencies/NASA", HTTP_IF_NONE_MATCH='"other"').status_code
        == 200
    )


def test_published_editions_are_cacheable_forever_and_the_current_plan_briefly(
    client, seeded
):
    edition = Edition.objects.get(code="GER-SUPP-2022")
    snapshot = client.get("/api/v1/editions/2022-supplement/snapshot")
    assert snapshot["Cache-Control"] == "public, max-age=31536000, immutable"
    assert snapshot["ETag"] == f'"{edition.snapshot_sha256}"'
    assert snapshot.json() == edition.snapshot
    missions = client.get("/api/v1/missions")
    assert missions["Cache-Control"] == "public, max-age=60"


def test_drafts_in_review_are_not_in_the_api(client, seeded):
    Edition.objects.create(
        code="R", slug="review-one", title="R", kind="roadmap", status="review"
    )
    assert client.get("/api/v1/editions/review-one").status_code == 404
    codes = [e["code"] for e in client.get("/api/v1/editions").json()["results"]]
    assert "R" not in codes
    assert codes[0] == "GES-2007"


def test_agencies_goals_objectives_and_destinations(client, seeded):
    members = client.get("/api/v1/agencies?member=true&limit=500").json()
    assert members["count"] == 27
    assert client.get("/api/v1/agencies/pt-space").json()["code"] == "PT Space"
    assert client.get("/api/v1/goals").json()["count"] == 8
    assert client.get("/api/v1/goals/G1").json()["title"] == "Search for Life"
    objective = client.get("/api/v1/objectives/LSO20-1").json()
    assert objective["missions_url"] == "/api/v1/missions?objective=LSO20-1"
    addressing = client.get(f"{objective['missions_url']}&limit=500").json()
    assert objective["mission_count"] == addressing["count"] > 0
    assert "artemis-iii" in [m["slug"] for m in addressing["results"]]
    destination = client.get("/api/v1/destinations/lunar-south-pole").json()
    assert destination["parent"] == "lunar-surface"
    assert client.get("/api/v1/destinations/nowhere").status_code == 404


def test_an_objective_counts_its_missions_instead_of_listing_them(
    client, seeded, django_assert_num_queries
):
    # The count and one page of objectives, however many missions there are.
    with django_assert_num_queries(2):
        listed = client.get("/api/v1/objectives?limit=500").json()["results"]
    assert all("missions" not in objective for objective in listed)
    counts = {o["code"]: o["mission_count"] for o in listed}
    assert (
        counts["LSO20-1"]
        == Mission.objects.filter(objective_links__objective__code="LSO20-1").count()
    )
    assert 0 in counts.values()  # a gap is counted too


@pytest.mark.parametrize(
    "url",
    ["/api/v1/goals/G%001", "/api/v1/objectives/LSO20%00-1", "/api/v1/objectives/%00"],
)
def test_a_code_holding_nul_names_nothing(client, seeded, url):
    assert error_of(client.get(url))["code"] == "not_found"


def test_a_goal_filter_holding_nul_is_refused_naming_it(client, seeded):
    response = client.get("/api/v1/objectives?goal=G1%00")
    assert response.status_code == 422
    assert "goal" in response.json()["error"]["fields"]


def test_anonymous_clients_are_rate_limited_with_retry_after(
    client, seeded, monkeypatch
):
    anonymous = api.throttle[0]
    monkeypatch.setattr(anonymous, "num_requests", 3)
    statuses = [client.get("/api/v1/goals").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/goals")
    assert int(limited["Retry-After"]) > 0
    assert error_of(limited)["code"] == "rate_limited"


def test_the_openapi_document_describes_every_endpoint(client, seeded):
    document = client.get("/api/v1/openapi.json").json()
    paths = set(document["paths"])
    assert {
        "/api/v1/agencies",
        "/api/v1/agencies/{code}",
        "/api/v1/missions",
        "/api/v1/missions/{slug}",
        "/api/v1/destinations",
        "/api/v1/goals",
        "/api/v1/objectives",
        "/api/v1/editions",
        "/api/v1/editions/{key}/snapshot",
    } <= paths
    parameters = {
        p["name"] for p in document["paths"]["/api/v1/missions"]["get"]["parameters"]
    }
    assert {
        "agency",
        "destination",
        "crewed",
        "planned_after",
        "edition",
        "search",
    } <= parameters
    assert client.get("/api/v1/docs").status_code == 200
