"""Run by test_replica_router.py in a process of its own: ``setup`` or ``probe``.

``setup`` fills the primary (bundled data, a NASA editor with an API token) and
prints the token. ``probe`` runs with ``DATABASE_REPLICA_URLS`` set, makes requests
and asks the router, and prints what it saw as one JSON object.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ger.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def setup() -> dict[str, Any]:
    from django.core.management import call_command

    from ger.registry.services import create_account
    from ger.registry.tokens import create_token

    call_command("migrate", verbosity=0)
    call_command("seed", verbosity=0)
    editor = create_account("editor@nasa.test", "editor", "NASA", "a long password 1")
    _token, secret = create_token(editor, "probe")
    return {"token": secret}


def probe(token: str) -> dict[str, Any]:
    from django.conf import settings
    from django.contrib.sessions.models import Session
    from django.db import connections, router, transaction
    from django.test import Client

    from ger.plans.models import Mission
    from ger.registry.models import Agency
    from ger.routers import is_pinned, start_request

    seen: dict[str, Any] = {
        "aliases": sorted(settings.DATABASES),
        "routers": settings.DATABASE_ROUTERS,
        "replica_name": settings.DATABASES["replica1"]["NAME"],
    }
    client = Client(HTTP_HOST="127.0.0.1")
    # A read in a request of its own: served from the replica.
    seen["agency_name"] = client.get("/api/v1/agencies/JAXA").json()["name"]
    # Full-text search (raw SQL) reads the replica too.
    found = client.get("/search/?q=zyzzyva&format=json").json()
    seen["search_hits"] = [hit["url"] for hit in found["results"]]
    # A write, then reads in the same request: the answer shows the write.
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    tag = client.get("/api/v1/missions/artemis-iii", **auth)["ETag"]
    changed = client.patch(
        "/api/v1/missions/artemis-iii",
        data=json.dumps({"name": "Artemis III (changed on the primary)"}),
        content_type="application/json",
        HTTP_IF_MATCH=tag,
        **auth,
    )
    seen["patch_status"] = changed.status_code
    seen["patch_answer_name"] = changed.json().get("name")
    # The next request reads the replica again, where nothing replicated the change.
    seen["next_request_name"] = client.get(
        "/api/v1/missions/artemis-iii", **auth
    ).json()["name"]
    seen["primary_name"] = Mission.objects.using("default").get(slug="artemis-iii").name
    # The router's rules, asked directly (outside a request: like a command).
    start_request()
    seen["read_alias"] = router.db_for_read(Agency)
    seen["session_read_alias"] = router.db_for_read(Session)
    with transaction.atomic():
        seen["read_alias_in_transaction"] = router.db_for_read(Agency)
    seen["pinned_before_write"] = is_pinned()
    Agency.objects.create(code="PROBE", slug="probe", name="Written by the probe")
    seen["pinned_after_write"] = is_pinned()
    seen["read_alias_after_write"] = router.db_for_read(Agency)
    seen["reads_own_write"] = Agency.objects.filter(code="PROBE").exists()
    start_request()
    seen["replica_has_write"] = Agency.objects.filter(code="PROBE").exists()
    seen["migrate_replica"] = router.allow_migrate("replica1", "plans")
    seen["migrate_primary"] = router.allow_migrate("default", "plans")
    for connection in connections.all():
        connection.close()
    return seen


def main() -> None:
    import django

    django.setup()
    result = setup() if sys.argv[1] == "setup" else probe(sys.argv[2])
    print("PROBE " + json.dumps(result))


if __name__ == "__main__":
    main()
