"""Many editors change one mission at once: no accepted write is lost, every refused one is a 412."""

from __future__ import annotations

import json
import os
import threading

import pytest
from django.db import connection
from django.test import Client

from ger.history.models import Revision
from ger.plans.models import Mission
from ger.registry.tokens import create_token

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="concurrent writers need PostgreSQL's row locks (SQLite runs writes one at a time)",
    ),
]

WRITERS = 8
ROUNDS = 5


def test_concurrent_conflicting_edits_lose_nothing(cast_data, nasa_editor):
    secret = create_token(nasa_editor, "load")[1]
    mission = Mission.objects.get(slug="nasa-rover")
    outcomes: list[tuple[int, str]] = []
    lock = threading.Lock()

    def writer(number: int, start: threading.Barrier) -> None:
        client = Client()
        try:
            for round_number in range(ROUNDS):
                tag = client.get("/api/v1/missions/nasa-rover")["ETag"]
                start.wait()
                name = f"writer {number} round {round_number}"
                response = client.patch(
                    "/api/v1/missions/nasa-rover",
                    data=json.dumps({"name": name}),
                    content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {secret}",
                    HTTP_IF_MATCH=tag,
                )
                with lock:
                    outcomes.append((response.status_code, name))
        finally:
            connection.close()

    barrier = threading.Barrier(WRITERS)
    threads = [
        threading.Thread(target=writer, args=(n, barrier)) for n in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    statuses = [status for status, _ in outcomes]
    assert len(outcomes) == WRITERS * ROUNDS
    assert set(statuses) <= {200, 412}
    accepted = [name for status, name in outcomes if status == 200]
    # Each round starts from one version: exactly one writer can win it.
    assert len(accepted) == ROUNDS
    history = Revision.objects.of_record("mission", mission.pk).filter(action="update")
    recorded = {revision.changes["name"]["after"] for revision in history}
    assert recorded == set(accepted)
    mission.refresh_from_db()
    assert mission.version == 1 + ROUNDS
    assert "History chain intact" in _verify()


def _verify() -> str:
    from io import StringIO

    from django.core.management import call_command

    output = StringIO()
    call_command("verify", stdout=output)
    return output.getvalue()
