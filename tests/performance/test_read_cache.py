"""Query counts of the read path, and the server-side caches that keep them at zero.

An anonymous read of the current plan is rendered once per plan generation (any
save starts a new one); a published edition's responses once per process. Signed-in
readers and token users always get a fresh answer.
"""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ger.api.api import api
from ger.api.resources import missions as missions_api
from ger.editions.models import Edition
from ger.plancache import plan_generation
from ger.plans.models import Mission

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_caches")]

LIST = "/api/v1/missions?agency=NASA&limit=50"
DETAIL = "/api/v1/missions/artemis-iii"
EDITION_PAGE = "/editions/2022-supplement/"
SNAPSHOT = "/api/v1/editions/2022-supplement/snapshot"


@pytest.mark.parametrize(
    ("url", "rendered_queries"),
    [
        # count, the page's ids, then its missions as plain values and their
        # partners with their agencies (kept for the plan generation after that)
        (LIST, 4),
        # mission with lead and destination, then one query per relation fetched
        # (objectives and capabilities joined to their links)
        (DETAIL, 9),
        ("/api/v1/missions?limit=50&ordering=-planned", 4),
        ("/api/v1/missions?search=artemis&limit=50", 5),
        ("/search/?q=south+pole&format=json", 1),
        # the page (its partners, their agencies), then the facet counts: the
        # destinations, one pass for the total and the unfiltered facets, then
        # the leads, partners and objectives
        ("/missions/?agency=JAXA&format=json", 8),
    ],
)
def test_a_read_is_rendered_once_then_served_without_a_query(
    client, seeded, django_assert_num_queries, url, rendered_queries
):
    with django_assert_num_queries(rendered_queries):
        first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert first["ETag"] == second["ETag"]


def test_the_list_costs_the_same_queries_at_any_size(
    client, seeded, django_assert_num_queries
):
    call_command("synth", "--missions", "300", "--allow-mixed", verbosity=0)
    caches["default"].clear()
    with django_assert_num_queries(4):
        page = client.get("/api/v1/missions?limit=50").json()
    assert page["count"] > 300
    assert len(page["results"]) == 50


def test_a_change_shows_at_once(client, seeded):
    before = client.get(DETAIL).json()
    assert client.get(DETAIL).json() == before
    mission = Mission.objects.get(slug="artemis-iii")
    mission.name = "Artemis III, renamed"
    mission.save()
    assert client.get(DETAIL).json()["name"] == "Artemis III, renamed"
    listed = client.get("/api/v1/missions?lead=NASA&limit=500").json()["results"]
    assert "Artemis III, renamed" in [m["name"] for m in listed]


def test_every_save_of_a_shared_record_starts_a_new_generation(seeded):
    before = plan_generation()
    Mission.objects.get(slug="artemis-iii").save()
    assert plan_generation() != before


def test_token_users_and_signed_in_readers_always_get_a_fresh_answer(
    client, seeded, monkeypatch
):
    client.get(LIST)
    client.get("/missions/")
    assembled = []
    assemble = missions_api._current_page
    monkeypatch.setattr(
        missions_api,
        "_current_page",
        lambda *given: assembled.append(given) or assemble(*given),
    )
    client.get(LIST)
    assert assembled == []  # an anonymous reader: the kept answer
    token_read = client.get(LIST, HTTP_AUTHORIZATION="Bearer ger_not-a-token")
    # The page is put together afresh; which missions it lists, their count and
    # their summaries, the same for everyone, are kept for the plan generation.
    assert token_read.status_code == 200
    assert len(assembled) == 1
    assert token_read.json() == client.get(LIST).json()
    client.cookies["sessionid"] = "not-a-session"
    with CaptureQueriesContext(connection) as signed_in_read:
        response = client.get("/missions/")
    assert response.status_code == 200
    assert len(signed_in_read.captured_queries) >= 4


def test_a_token_reader_sees_a_change_at_once(client, seeded):
    token = {"HTTP_AUTHORIZATION": "Bearer ger_not-a-token"}
    before = client.get(LIST, **token).json()
    assert "Artemis III, renamed" not in [m["name"] for m in before["results"]]
    mission = Mission.objects.get(slug="artemis-iii")
    mission.name = "Artemis III, renamed"
    mission.save()
    after = client.get(LIST, **token).json()
    assert "Artemis III, renamed" in [m["name"] for m in after["results"]]
    unlisted = Mission.objects.filter(lead__code="NASA", edition_plans__isnull=True)
    unlisted.exclude(partners__code="NASA").first().delete()
    assert client.get(LIST, **token).json()["count"] == before["count"] - 1


def test_a_conditional_read_of_a_cached_answer_is_a_304(client, seeded):
    tag = client.get(LIST)["ETag"]
    assert tag.startswith('"')
    response = client.get(LIST, HTTP_IF_NONE_MATCH=tag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == tag


def test_a_published_edition_is_served_from_memory_with_a_strong_etag(
    client, seeded, django_assert_num_queries, settings, tmp_path
):
    # Final once its PDF is built (an unbuilt one is revalidated: see below).
    settings.VAR_DIR = tmp_path
    built = tmp_path / "builds" / "2022-supplement" / "roadmap.pdf"
    built.parent.mkdir(parents=True)
    built.write_bytes(b"%PDF-1.7")
    # which edition the slug names (with its correction), the edition with its
    # snapshot, the destination names (a first-format snapshot holds slugs only),
    # the issues it corrects or is corrected by, its images as of its publication
    with django_assert_num_queries(5):
        page = client.get(EDITION_PAGE)
    assert len(page.context["missions"]) == 30
    with django_assert_num_queries(0):
        again = client.get(EDITION_PAGE)
    assert again.content == page.content
    assert "Cookie" in again["Vary"]
    assert again["Cache-Control"] == "public, max-age=31536000, immutable"
    tag = again["ETag"]
    assert tag.startswith('"')
    with django_assert_num_queries(0):
        assert client.get(EDITION_PAGE, HTTP_IF_NONE_MATCH=tag).status_code == 304
    snapshot = client.get(SNAPSHOT)
    assert snapshot["Cache-Control"] == "public, max-age=31536000, immutable"
    with django_assert_num_queries(0):
        assert client.get(SNAPSHOT).content == snapshot.content
        revalidated = client.get(SNAPSHOT, HTTP_IF_NONE_MATCH=snapshot["ETag"])
    assert revalidated.status_code == 304


def test_a_signed_in_reader_gets_the_edition_page_rendered_for_them(client, seeded):
    client.get(EDITION_PAGE)
    client.cookies["sessionid"] = "not-a-session"
    response = client.get(EDITION_PAGE)
    assert response.status_code == 200
    assert response.context is not None


def test_the_snapshot_is_verified_before_it_is_kept(client, seeded):
    edition = Edition.objects.get(slug="2022-supplement")
    # Corrupt the record behind the model's back (it refuses), as a bad restore would.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE editions_edition SET snapshot_sha256 = %s WHERE id = %s",
            ["0" * 64, edition.pk],
        )
    response = client.get(SNAPSHOT)
    assert response.status_code == 500
    assert client.get(SNAPSHOT).status_code == 500


def test_rate_limits_count_each_request_once_at_any_limit(client, seeded, monkeypatch):
    anonymous, token = api.throttle
    monkeypatch.setattr(token, "num_requests", 2)
    # Anonymous clients are not counted by the token users' limit.
    assert [client.get("/api/v1/goals").status_code for _ in range(4)] == [200] * 4
    monkeypatch.setattr(anonymous, "num_requests", 5)
    statuses = [client.get("/api/v1/goals").status_code for _ in range(3)]
    assert statuses == [200, 429, 429]
    limited = client.get("/api/v1/goals")
    assert 1 <= int(limited["Retry-After"]) <= 60


def test_the_local_copies_of_immutable_answers_stay_within_their_budget():
    from ger.http.caching import LocalResponses

    local = LocalResponses(budget=100)
    for number in range(5):
        local.put(str(number), (200, b"x" * 40, {}))
    assert local.size <= 100
    assert local.get("0") is None
    assert local.get("4") is not None
    local.put("huge", (200, b"x" * 101, {}))
    assert local.get("huge") is None
