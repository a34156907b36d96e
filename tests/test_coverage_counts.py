"""What the data covers: missions by destination (rolled up the tree), by status and by
the best tier of their sources, on the about page, and the home page's whole scope."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace
from typing import Any

import pytest

from ger.plans.coverage import (
    NO_SOURCE,
    NOT_GRADED,
    TIER_ORDER,
    TIERS,
    best_source_tier,
    best_tier,
    destination_counts,
    status_counts,
    tier_counts,
    top_level_counts,
)
from ger.plans.filters import destination_with_descendants
from ger.plans.models import Destination, Mission, MissionSource

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("tiers", "best"),
    [
        ([], NO_SOURCE),
        ([""], NOT_GRADED),
        (["", "bogus"], NOT_GRADED),
        (["other", "", "press"], "press"),
        (["encyclopedia", "official_document", "agency"], "agency"),
        (["other"], "other"),
    ],
)
def test_the_best_tier_is_the_best_graded_one(tiers, best):
    assert best_tier(tiers) == best


def mission_with(*tiers: Any) -> Any:
    sources = [
        SimpleNamespace() if t is None else SimpleNamespace(tier=t) for t in tiers
    ]
    return SimpleNamespace(sources=SimpleNamespace(all=lambda: sources))


def test_a_missions_best_source_tier_treats_a_source_without_a_tier_as_not_graded():
    assert best_source_tier(mission_with()) == NO_SOURCE
    assert best_source_tier(mission_with(None, None)) == NOT_GRADED
    assert best_source_tier(mission_with(None, "encyclopedia", "")) == "encyclopedia"


def test_every_mission_is_counted_once_by_status_and_by_tier(seeded):
    total = Mission.objects.count()
    statuses = status_counts()
    assert [line.key for line in statuses] == list(Mission.Status.values)
    assert sum(line.missions for line in statuses) == total
    for line in statuses:
        assert line.missions == Mission.objects.filter(status=line.key).count()
    tiers = tier_counts()
    assert [line.key for line in tiers] == list(TIER_ORDER)
    assert sum(line.missions for line in tiers) == total
    without = Mission.objects.filter(sources__isnull=True).count()
    assert next(line for line in tiers if line.key == NO_SOURCE).missions == without
    # The counting query agrees with the tier of each mission read one by one.
    one_by_one = Counter(
        best_source_tier(mission)
        for mission in Mission.objects.prefetch_related("sources")
    )
    assert {line.key: line.missions for line in tiers} == {
        key: one_by_one.get(key, 0) for key in TIER_ORDER
    }


def test_the_counting_query_ranks_graded_sources(seeded):
    """With tiers in a text field of the sources, each mission counts at its best."""
    sources = list(MissionSource.objects.order_by("pk"))
    cycle = [*TIERS, "", "unknown"]
    for number, source in enumerate(sources):
        source.about = cycle[number % len(cycle)]
    MissionSource.objects.bulk_update(sources, ["about"])
    bare = Mission.objects.filter(sources__isnull=False).order_by("slug").first()
    assert bare is not None
    bare.sources.all().delete()
    expected = Counter(
        best_tier(source.about for source in mission.sources.all())
        for mission in Mission.objects.prefetch_related("sources")
    )
    counted = {line.key: line.missions for line in tier_counts(tier_field="about")}
    assert counted == {key: expected.get(key, 0) for key in TIER_ORDER}
    assert counted[NO_SOURCE] >= 1
    assert counted["agency"] >= 1


def test_each_destination_counts_its_own_missions_and_rolls_up_those_below(seeded):
    # A place two levels down: its mission counts under its parent and grandparent.
    pole = Destination.objects.get(slug="lunar-south-pole")
    crater = Destination.objects.create(
        slug="shackleton-rim", name="Shackleton rim", parent=pole, position=99
    )
    moved = Mission.objects.filter(destination=pole).order_by("slug").first()
    assert moved is not None
    Mission.objects.filter(pk=moved.pk).update(destination=crater)

    lines = destination_counts()
    by_slug = {line.slug: line for line in lines}
    assert set(by_slug) == set(Destination.objects.values_list("slug", flat=True))
    # The Moon > lunar surface > south polar region > the new crater rim.
    assert by_slug["shackleton-rim"].depth == by_slug["lunar-south-pole"].depth + 1
    assert by_slug["shackleton-rim"].parent == "lunar-south-pole"
    assert by_slug["shackleton-rim"].own == by_slug["shackleton-rim"].total == 1
    for line in lines:
        children = [other for other in lines if other.parent == line.slug]
        assert line.total == line.own + sum(child.total for child in children)
        below = destination_with_descendants([line.slug])
        assert line.total == Mission.objects.filter(destination__slug__in=below).count()
        # Tree order: a destination comes right after its parent or its siblings.
        position = lines.index(line)
        if line.parent:
            assert any(other.slug == line.parent for other in lines[:position]), (
                line.slug
            )
    roots = top_level_counts()
    assert all(line.depth == 0 for line in roots)
    assert sum(line.total for line in roots) == Mission.objects.count()


def test_the_about_page_shows_the_three_counts(client, seeded):
    response = client.get("/about/")
    body = response.content.decode()
    for heading in (
        "Missions by destination",
        "Missions by status",
        "Missions by the best tier of their sources",
    ):
        assert heading in body
    for line in destination_counts():
        assert f'href="/destinations/{line.slug}/"' in body
    assert 'class="depth-1"' in body
    data = client.get("/about/?format=json").json()
    coverage = data["coverage"]
    assert sum(d["total"] for d in coverage["destinations"] if d["depth"] == 0) == (
        Mission.objects.count()
    )
    assert {line["key"] for line in coverage["statuses"]} == set(Mission.Status.values)
    assert [line["key"] for line in coverage["tiers"]] == list(TIER_ORDER)


@pytest.mark.parametrize(
    ("prefix", "headings"),
    [
        (
            "/fr",
            [
                "Missions par destination",
                "Missions par statut",
                "Licence et attribution",
            ],
        ),
        (
            "/es",
            ["Misiones por destino", "Misiones por estado", "Licencia y atribución"],
        ),
    ],
)
def test_the_about_pages_headings_are_translated(client, seeded, prefix, headings):
    body = client.get(f"{prefix}/about/").content.decode()
    for heading in headings:
        assert heading in body


def test_the_home_page_counts_every_top_level_destination(client, seeded):
    # A mission to Mars shows on the home page as soon as it is in the data.
    def scope() -> dict[str, int]:
        data = client.get("/?format=json").json()
        assert (
            sum(line["missions"] for line in data["missions_by_destination"])
            == (data["mission_count"])
        )
        return {
            line["slug"]: line["missions"] for line in data["missions_by_destination"]
        }

    def count_under(slug: str) -> int:
        below = destination_with_descendants([slug])
        return Mission.objects.filter(destination__slug__in=below).count()

    before = {slug: count_under(slug) for slug in ("mars-system", "moon")}
    mars = Destination.objects.get(slug="mars-surface")
    Mission.objects.filter(slug="artemis-iv").update(destination=mars)
    after = scope()
    roots = Destination.objects.filter(parent__isnull=True)
    assert set(after) == set(roots.values_list("slug", flat=True))
    assert after["mars-system"] == before["mars-system"] + 1
    assert after["moon"] == before["moon"] - 1
    assert sum(after.values()) == Mission.objects.count()
    body = client.get("/").content.decode()
    assert 'href="/missions/?destination=mars-system"' in body
    assert f"<strong>{after['mars-system']}</strong> Mars system" in body
