from __future__ import annotations

import pytest

from ger.editions.models import (
    Edition,
    EditionImmutableError,
    EditionPlan,
    SnapshotCorruptError,
)
from ger.editions.services import publish_edition

pytestmark = pytest.mark.django_db


def test_a_published_edition_refuses_to_be_saved_changed(base_data):
    edition = Edition.objects.get(code="ED-A")
    edition.title = "Rewritten"
    with pytest.raises(EditionImmutableError):
        edition.save()
    assert Edition.objects.get(code="ED-A").title == "Edition A"


def test_a_published_edition_refuses_bulk_updates_and_deletes(base_data):
    with pytest.raises(EditionImmutableError):
        Edition.objects.filter(code="ED-A").update(title="x")
    with pytest.raises(EditionImmutableError):
        Edition.objects.filter(code="ED-A").delete()
    with pytest.raises(EditionImmutableError):
        Edition.objects.get(code="ED-A").delete()
    assert Edition.objects.filter(code="ED-A").exists()


def test_the_plans_of_a_published_edition_cannot_change(base_data):
    plan = EditionPlan.objects.filter(edition__code="ED-A").first()
    plan.statement = "rewritten"
    with pytest.raises(EditionImmutableError):
        plan.save()
    with pytest.raises(EditionImmutableError):
        EditionPlan.objects.filter(edition__code="ED-A").update(statement="x")
    with pytest.raises(EditionImmutableError):
        plan.delete()


def test_a_published_edition_cannot_be_published_again(base_data):
    with pytest.raises(EditionImmutableError, match="already published"):
        publish_edition(Edition.objects.get(code="ED-A"))


def test_a_tampered_snapshot_is_detected_on_read(base_data):
    edition = Edition.objects.get(code="ED-A")
    # Simulate tampering below the model layer, as a direct database edit would.
    tampered = dict(edition.snapshot, missions=[])
    Edition.objects.filter(pk=edition.pk).model._base_manager.filter(
        pk=edition.pk
    ).values("pk")
    from django.db import connection

    with connection.cursor() as cursor:
        import json

        cursor.execute(
            "UPDATE editions_edition SET snapshot = %s WHERE id = %s",
            [json.dumps(tampered), edition.pk],
        )
    with pytest.raises(SnapshotCorruptError, match="does not match"):
        Edition.objects.get(pk=edition.pk).verified_snapshot()


def test_a_draft_can_change_and_is_published_with_a_hash(base_data):
    draft = Edition.objects.get(code="WORK")
    draft.title = "Working draft, renamed"
    draft.save()
    published = publish_edition(draft)
    assert published.is_published
    assert len(published.snapshot_sha256) == 64
    assert published.verified_snapshot()["edition"]["title"] == "Working draft, renamed"
