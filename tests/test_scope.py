"""The bundled data covers the whole roadmap, from low Earth orbit to Mars.

Checked against the shared public-source files it was built from (the folder
``../shared/data`` beside the checkout, or ``GER_SHARED_DATA``): every record is
loaded with every source, its standing (tier), its uncertain mark and whether the
2018 roadmap is known to list it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from ger.plans.models import Destination, Mission, MissionSource

SHARED = Path(
    os.environ.get("GER_SHARED_DATA")
    or Path(__file__).resolve().parents[2] / "shared" / "data"
)
SCOPE_FILES = ["missions_mars_small_bodies.yaml", "missions_leo_human.yaml"]

pytestmark = pytest.mark.skipif(
    not all((SHARED / name).exists() for name in SCOPE_FILES),
    reason=f"the shared public-source files are not at {SHARED} (set GER_SHARED_DATA)",
)


def shared_missions() -> list[dict[str, Any]]:
    found = []
    for name in SCOPE_FILES:
        found += yaml.safe_load((SHARED / name).read_text(encoding="utf-8"))["missions"]
    return found


def sources_of(record: Any) -> Iterator[dict[str, Any]]:
    """Yield every source mapping anywhere in a shared record."""
    if isinstance(record, dict):
        for key, value in record.items():
            if key == "sources" and isinstance(value, list):
                yield from (s for s in value if isinstance(s, dict) and "url" in s)
            else:
                yield from sources_of(value)
    elif isinstance(record, list):
        for item in record:
            yield from sources_of(item)


def under(slug: str) -> set[str]:
    """Return ``slug`` and every destination below it."""
    found, todo = set(), [slug]
    while todo:
        current = todo.pop()
        found.add(current)
        todo += Destination.objects.filter(parent__slug=current).values_list(
            "slug", flat=True
        )
    return found


def count_under(slug: str) -> int:
    return Mission.objects.filter(destination__slug__in=under(slug)).count()


def test_missions_under_every_destination_of_the_roadmap(seeded):
    assert count_under("mars-system") >= 15
    assert count_under("small-bodies") >= 10
    assert count_under("leo") >= 15
    assert count_under("moon") >= 40
    roots = Destination.objects.filter(parent=None).values_list("slug", flat=True)
    assert {"earth-orbit", "cislunar", "moon", "mars-system", "small-bodies"} <= set(
        roots
    )
    assert set(
        Destination.objects.filter(parent__slug="mars-system").values_list(
            "slug", flat=True
        )
    ) == {"mars-orbit", "mars-surface", "phobos-deimos"}


def test_every_shared_record_is_loaded_with_its_sources_and_marks(seeded):
    records = shared_missions()
    by_name = {m.name: m for m in Mission.objects.all()}
    assert len(records) == 61
    for record in records:
        mission = by_name[record["name"]]
        assert mission.uncertain == bool(record.get("uncertain")), record["name"]
        presence = mission.in_editions["GER-3"]
        assert presence == {True: "confirmed", False: "not_in_edition"}.get(
            record["in_ger_2018"], "unverified"
        ), record["name"]
        kept = {
            source.url: source
            for source in MissionSource.objects.filter(mission=mission)
        }
        for source in sources_of(record):
            assert source["url"] in kept, (record["name"], source["url"])
            assert kept[source["url"]].tier == source.get("tier", ""), source["url"]
            assert kept[source["url"]].title, source["url"]
        dated = [p for p in record["plans"] if str(p["as_of"])[:1].isdigit()]
        assert mission.statements.count() == len(dated), record["name"]


def test_china_crewed_lunar_programme_is_in_scope(seeded):
    names = set(Mission.objects.values_list("name", flat=True))
    assert {"Mengzhou", "Lanyue", "Long March 10"} <= names
