"""Schemathesis against the live OpenAPI document: no 5xx, responses match the schema.

Each operation gets a bounded number of generated requests, so CI stays quick.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from ger.wsgi import application

EXAMPLES_PER_OPERATION = 50

pytestmark = pytest.mark.django_db


@pytest.fixture
def keep_test_connection():
    # Called directly, the WSGI app would close the test's database connection at
    # the end of each request (Django's test client avoids this the same way).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_api_never_fails_and_matches_its_schema(seeded, keep_test_connection):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            # The rate limiter is not what this test is about.
            cache.clear()
            case.call_and_validate()

        check()
