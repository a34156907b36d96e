"""Lists that know today's date: plans whose date passed are not "next"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ger.plans.models import Mission

# The bundled data is the shared ``seeded`` (tests/shared_data.py), seeded once
# per process; each test still starts with nothing kept in the caches.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_caches")]


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _replan(slug: str, start: dt.date, precision: str, qualifier: str = "") -> None:
    # Saved one by one: a save starts a new plan generation, so no page is stale.
    mission = Mission.objects.get(slug=slug)
    mission.planned_launch_on = start
    mission.planned_launch_precision = precision
    mission.planned_launch_qualifier = qualifier
    mission.actual_launch_on = None
    mission.actual_launch_precision = ""
    mission.status = Mission.Status.PLANNED
    mission.save()


def test_the_home_page_lists_no_mission_whose_planned_window_has_passed(client, seeded):
    today = timezone.localdate()
    last_year = _quarter_start(today.replace(year=today.year - 1))
    _replan("artemis-ii", last_year, "quarter", "net")
    earliest = Mission.objects.awaiting_launch().order_by("planned_launch_on").first()
    assert earliest is not None
    assert earliest.plan_has_passed(today)
    upcoming = client.get("/?format=json").json()["upcoming"]
    slugs = [mission["slug"] for mission in upcoming]
    assert "artemis-ii" not in slugs
    assert earliest.slug not in slugs
    assert len(slugs) == 8
    for mission in Mission.objects.filter(slug__in=slugs):
        assert mission.actual_launch_on is None
        assert not mission.plan_has_passed(today)


def test_a_mission_whose_plan_passed_says_that_its_status_was_not_updated(
    client, seeded
):
    today = timezone.localdate()
    _replan("artemis-iii", dt.date(today.year - 1, 1, 1), "year")
    page = client.get("/missions/artemis-iii/").content.decode()
    assert "planned date passed — status not updated" in page
    listed = client.get("/missions/?agency=NASA").content.decode()
    row = listed.split('href="/missions/artemis-iii/"', 1)[1].split("</tr>", 1)[0]
    assert "planned date passed — status not updated" in row
    _replan("artemis-iii", dt.date(today.year + 1, 1, 1), "year")
    page = client.get("/missions/artemis-iii/").content.decode()
    assert "planned date passed" not in page


def test_planned_order_puts_flown_missions_after_those_to_fly_and_undated_last(
    client, seeded
):
    Mission.objects.filter(slug="artemis-iii").update(
        planned_launch_on=None, planned_launch_precision="", planned_launch_qualifier=""
    )
    slugs: list[str] = []
    url: str | None = "/missions/?ordering=planned&format=json"
    while url:
        data = client.get(url).json()
        slugs += [mission["slug"] for mission in data["missions"]]
        url = data["next"]
    missions = {m.slug: m for m in Mission.objects.filter(slug__in=slugs)}
    flown = [missions[s].actual_launch_on is not None for s in slugs]
    assert flown.index(True) > 0
    first_flown = flown.index(True)
    assert not any(flown[:first_flown])
    assert all(flown[first_flown:])
    to_fly = [missions[s] for s in slugs[:first_flown]]
    dated = [m.planned_launch_on for m in to_fly if m.planned_launch_on]
    assert dated == sorted(dated)
    undated = [i for i, m in enumerate(to_fly) if m.planned_launch_on is None]
    assert undated
    assert undated == list(range(len(dated), len(to_fly)))
