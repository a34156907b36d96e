"""The front cache: repeated anonymous reads answered before Django runs.

The WSGI application is called as a server would (a WSGI environ in, status,
headers and body out), so these tests see exactly what a reader gets.
"""

from __future__ import annotations

import io
import ipaddress
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

from ger.api.api import api
from ger.http.front_cache import FrontCache
from ger.plancache import new_plan_generation
from ger.plans.models import Mission

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_caches")]

DETAIL = "/api/v1/missions/artemis-iii"
EDITION_SNAPSHOT = "/api/v1/editions/2022-supplement/snapshot"


class Counting:
    """Django's WSGI application, counting the requests that reach it."""

    def __init__(self) -> None:
        self.app = get_wsgi_application()
        self.calls = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        self.calls += 1
        return self.app(environ, start_response)


@pytest.fixture(autouse=True)
def requests_keep_the_test_connection():
    # As Django's test client does: the test's transaction holds the connection,
    # which the end of a request must not close.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def django_app():
    return Counting()


@pytest.fixture
def front(django_app):
    return FrontCache(django_app)


def call(app: Any, path: str, method: str = "GET", **headers: str) -> dict[str, Any]:
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        **{"HTTP_" + name.upper(): value for name, value in headers.items()},
    }
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = {name.lower(): value for name, value in headers}

    result = app(environ, start_response)
    try:
        answer["body"] = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return answer


def test_a_repeated_anonymous_read_does_not_reach_django(seeded, front, django_app):
    first = call(front, DETAIL)
    second = call(front, DETAIL)
    assert django_app.calls == 1
    assert first == second
    assert first["status"] == 200
    assert b"Artemis III" in first["body"]


def test_the_kept_answer_carries_every_header_the_middleware_added(
    seeded, front, django_app
):
    fresh = call(django_app, DETAIL)
    call(front, DETAIL)
    kept = call(front, DETAIL)
    for name in (
        "content-security-policy",
        "x-content-type-options",
        "x-frame-options",
        "referrer-policy",
        "etag",
        "cache-control",
        "vary",
    ):
        assert kept["headers"][name] == fresh["headers"][name], name


def test_a_change_to_the_plan_shows_at_once(seeded, front, django_app):
    call(front, DETAIL)
    mission = Mission.objects.get(slug="artemis-iii")
    mission.name = "Artemis III (renamed)"
    mission.save()
    answer = call(front, DETAIL)
    assert django_app.calls == 2
    assert b"Artemis III (renamed)" in answer["body"]


def test_a_change_made_by_another_process_shows_within_half_a_second(
    seeded, front, django_app, monkeypatch
):
    import time

    call(front, DETAIL)
    # Another process started a new generation: this one hears of it in the cache.
    new_plan_generation()  # what a save in another process does
    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now + 0.1)
    call(front, DETAIL)
    assert django_app.calls == 1
    monkeypatch.setattr(time, "monotonic", lambda: now + 0.6)
    call(front, DETAIL)
    assert django_app.calls == 2


def test_a_kept_answer_about_the_plan_lasts_sixty_seconds_at_most(
    seeded, front, django_app, monkeypatch
):
    import time

    call(front, DETAIL)
    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now + 61)
    call(front, DETAIL)
    assert django_app.calls == 2


def test_a_published_edition_survives_changes_to_the_plan(seeded, front, django_app):
    call(front, EDITION_SNAPSHOT)
    Mission.objects.filter(slug="artemis-iii").get().save()
    answer = call(front, EDITION_SNAPSHOT)
    assert django_app.calls == 1
    assert answer["headers"]["cache-control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize(
    "headers",
    [
        {"AUTHORIZATION": "Bearer not-a-token"},
        {"COOKIE": "sessionid=some-session"},
        {"COOKIE": "theme=dark; sessionid=some-session"},
        # Python's SimpleCookie stops at the bad cookie; Django reads on.
        {"COOKIE": 'odd="unterminated; sessionid=some-session'},
    ],
)
def test_token_users_and_signed_in_readers_always_reach_django(
    seeded, front, django_app, headers
):
    call(front, DETAIL)
    call(front, DETAIL, **headers)
    call(front, DETAIL, **headers)
    assert django_app.calls == 3


def test_other_cookies_do_not_stop_an_anonymous_read_being_served(
    seeded, front, django_app
):
    call(front, DETAIL)
    call(front, DETAIL, COOKIE="theme=dark")
    assert django_app.calls == 1


def test_a_write_always_reaches_django(seeded, front, django_app):
    call(front, DETAIL)
    answer = call(front, DETAIL, method="POST")
    assert django_app.calls == 2
    assert answer["status"] == 405


def test_json_and_html_are_kept_apart(seeded, front, django_app):
    page = call(front, "/missions/artemis-iii/")
    twin = call(front, "/missions/artemis-iii/", ACCEPT="application/json")
    assert page["headers"]["content-type"].startswith("text/html")
    assert twin["headers"]["content-type"].startswith("application/json")
    assert call(front, "/missions/artemis-iii/")["body"] == page["body"]
    assert django_app.calls == 2


def test_an_answer_given_over_https_is_not_given_over_http(seeded, settings):
    settings.SECURE_HSTS_SECONDS = 3600  # read as the middleware is loaded
    # X-Forwarded-Proto is believed from a trusted proxy only (GER_TRUSTED_PROXIES).
    settings.GER_TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1")]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    django_app = Counting()
    front = FrontCache(django_app)
    secure = call(front, DETAIL, X_FORWARDED_PROTO="https")
    plain = call(front, DETAIL)
    assert django_app.calls == 2
    assert "strict-transport-security" in secure["headers"]
    assert "strict-transport-security" not in plain["headers"]


def test_a_forwarded_proto_from_an_untrusted_peer_is_not_believed(seeded, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    django_app = Counting()
    front = FrontCache(django_app)
    claimed = call(front, DETAIL, X_FORWARDED_PROTO="https")
    assert "strict-transport-security" not in claimed["headers"]


def test_each_language_has_its_own_answer(seeded, front, django_app):
    english = call(front, "/missions/")
    french = call(front, "/fr/missions/")
    assert english["headers"]["content-language"] == "en"
    assert french["headers"]["content-language"] == "fr"
    assert django_app.calls == 2


def test_a_conditional_read_of_a_kept_answer_is_a_304_without_content(
    seeded, front, django_app
):
    tag = call(front, DETAIL)["headers"]["etag"]
    answer = call(front, DETAIL, IF_NONE_MATCH=tag)
    assert django_app.calls == 1
    assert answer["status"] == 304
    assert answer["body"] == b""
    assert answer["headers"]["etag"] == tag
    assert "content-length" not in answer["headers"]
    assert call(front, DETAIL, IF_NONE_MATCH='"other"')["status"] == 200


def test_head_gets_the_headers_without_the_body(seeded, front, django_app):
    full = call(front, DETAIL)
    head = call(front, DETAIL, method="HEAD")
    assert django_app.calls == 1
    assert head["status"] == 200
    assert head["body"] == b""
    assert head["headers"]["content-length"] == full["headers"]["content-length"]


def test_answers_that_set_a_cookie_are_not_kept(seeded, front, django_app):
    # The sign-in page hands each visitor a CSRF token.
    first = call(front, "/accounts/login/")
    assert "set-cookie" in first["headers"]
    call(front, "/accounts/login/")
    assert django_app.calls == 2


def test_errors_are_not_kept(seeded, front, django_app):
    assert call(front, "/api/v1/missions/no-such-mission")["status"] == 404
    call(front, "/api/v1/missions/no-such-mission")
    assert django_app.calls == 2


def test_kept_api_reads_still_count_against_the_rate_limit(
    seeded, front, django_app, monkeypatch
):
    anonymous = next(
        t for t in api.throttle if type(t).__name__ == "AnonymousRateLimit"
    )
    monkeypatch.setattr(anonymous, "num_requests", 3)
    statuses = [call(front, DETAIL)["status"] for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    limited = call(front, DETAIL)
    assert limited["headers"]["content-type"].startswith("application/json")
    assert "retry-after" in limited["headers"]


def test_the_site_is_served_through_the_front_cache():
    from ger import wsgi

    assert isinstance(wsgi.application, FrontCache)


def test_when_the_shared_cache_cannot_answer_django_decides(
    seeded, front, django_app, monkeypatch
):
    import ger.http.front_cache as front_cache

    call(front, DETAIL)

    class Down:
        def pipeline(self, **_options):
            raise ConnectionError("the shared cache is down")

    monkeypatch.setattr(front_cache, "redis_client", Down)
    monkeypatch.setattr(front, "_checked", -10.0)  # the generation must be re-read
    answer = call(front, DETAIL)
    assert django_app.calls == 2
    assert answer["status"] == 200
