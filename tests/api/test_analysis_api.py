from __future__ import annotations

import pytest

from ger.editions.models import Edition
from ger.plans.models import Mission

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "coverage",
        "partnerships",
        "partnerships?agency=JAXA",
        "schedule",
        "risk",
        "proximity?threshold_km=250",
        "coverage?edition=2022-supplement",
        "backtest?trials=500",
    ],
)
def test_each_analysis_answers_on_the_bundled_data(client, seeded, path):
    response = client.get(f"/api/v1/analysis/{path}")
    assert response.status_code == 200, response.content
    assert response.json()


def test_partnerships_explain_themselves(client, seeded):
    data = client.get("/api/v1/analysis/partnerships?agency=JAXA").json()
    text = str(data)
    assert "ISRO" in text
    assert "LUPEX" in text or "lupex" in text


def test_whatif_moves_downstream_missions_and_saves_nothing(client, seeded):
    versions = dict(Mission.objects.values_list("slug", "version"))
    dates = dict(Mission.objects.values_list("slug", "planned_launch_on"))
    response = client.get("/api/v1/analysis/whatif?move=luna-26=%2B24")
    assert response.status_code == 200, response.content
    moved = {shift["slug"] for shift in response.json()["shifts"]}
    assert {"luna-26", "luna-27"} <= moved
    assert dict(Mission.objects.values_list("slug", "version")) == versions
    assert dict(Mission.objects.values_list("slug", "planned_launch_on")) == dates


def test_bad_analysis_parameters_are_named(client, seeded):
    bad_move = client.get("/api/v1/analysis/whatif?move=nonsense")
    assert bad_move.status_code == 422
    assert "move" in bad_move.json()["error"]["fields"]
    assert client.get("/api/v1/analysis/coverage?edition=nope").status_code == 404
    assert client.get("/api/v1/analysis/backtest?trials=5").status_code == 422


@pytest.mark.parametrize(
    ("slug", "reason"),
    [
        ("artemis-ii", "artemis-ii has already launched; it cannot move"),
        (
            "msr-sample-fetch-rover",
            "msr-sample-fetch-rover was cancelled; it cannot move",
        ),
        ("gateway-esprit", "gateway-esprit has no planned date to move"),
    ],
)
def test_a_move_of_a_mission_that_cannot_move_is_a_422_naming_why(
    client, seeded, slug, reason
):
    response = client.get(f"/api/v1/analysis/whatif?move={slug}=%2B3")
    assert response.status_code == 422
    assert reason in response.json()["error"]["fields"]["move"]


def test_a_draft_edition_cannot_be_analysed_by_the_public(client, seeded):
    Edition.objects.create(
        code="SECRET", slug="secret", title="Secret", kind="roadmap", status="review"
    )
    assert client.get("/api/v1/analysis/coverage?edition=secret").status_code == 404
    assert client.get("/analysis/coverage/?edition=secret").status_code == 404
