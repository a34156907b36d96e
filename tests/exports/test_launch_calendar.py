"""The iCalendar feed of launches, read back with the icalendar library."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from ger.exports.launch_calendar import render_launch_calendar
from ger.plans.models import Mission
from tests.exports.conftest import planned, roadmap


def events(content: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_a_day_precision_launch_is_a_one_day_all_day_event():
    content = render_launch_calendar(
        roadmap(planned("lander", "2026-08-12")), "x.ics"
    ).content
    event = events(content)["lander@ger"]
    assert event.decoded("DTSTART") == dt.date(2026, 8, 12)
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert event.decoded("DTEND") == dt.date(2026, 8, 13)
    assert str(event["SUMMARY"]) == "Lander: planned launch 2026-08-12"


@pytest.mark.parametrize(
    ("text", "start", "end", "wording"),
    [
        ("2028", dt.date(2028, 1, 1), dt.date(2029, 1, 1), "2028 (year precision)"),
        (
            "2027-Q4",
            dt.date(2027, 10, 1),
            dt.date(2028, 1, 1),
            "2027-Q4 (quarter precision)",
        ),
        (
            "2028-02",
            dt.date(2028, 2, 1),
            dt.date(2028, 3, 1),
            "2028-02 (month precision)",
        ),
    ],
)
def test_a_coarse_date_spans_its_whole_period_and_says_its_precision(
    text, start, end, wording
):
    content = render_launch_calendar(roadmap(planned("rover", text)), "x.ics").content
    event = events(content)["rover@ger"]
    assert isinstance(event.decoded("DTSTART"), dt.date)
    assert not isinstance(event.decoded("DTSTART"), dt.datetime)
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (start, end)
    assert wording in str(event["SUMMARY"])
    assert "rather than a made-up day" in str(event["DESCRIPTION"])
    assert str(event["X-GER-DATE"]) == text


@pytest.mark.parametrize(
    ("text", "phrase", "qualifier"),
    [
        ("NET 2028", "no earlier than 2028 (year precision)", "net"),
        ("NLT 2026-Q3", "no later than 2026-Q3 (quarter precision)", "nlt"),
    ],
)
def test_qualifiers_are_spelled_out(text, phrase, qualifier):
    content = render_launch_calendar(roadmap(planned("orbiter", text)), "x.ics").content
    event = events(content)["orbiter@ger"]
    assert str(event["SUMMARY"]) == f"Orbiter: planned launch {phrase}"
    assert str(event["X-GER-QUALIFIER"]) == qualifier


def test_an_actual_launch_wins_over_the_plan_and_is_confirmed():
    mission = planned("probe", "2024", actual_text="2025-01-15")
    event = events(render_launch_calendar(roadmap(mission), "x.ics").content)[
        "probe@ger"
    ]
    assert event.decoded("DTSTART") == dt.date(2025, 1, 15)
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "Planned launch was 2024." in str(event["DESCRIPTION"])


def test_missions_without_a_date_are_left_out_and_counted():
    content = render_launch_calendar(
        roadmap(planned("dated", "2030"), planned("undated")), "x.ics"
    ).content
    calendar = Calendar.from_ical(content)
    assert list(events(content)) == ["dated@ger"]
    assert "1 mission without a launch date is left out" in str(
        calendar["X-WR-CALDESC"]
    )


def test_edition_events_have_their_own_stable_uids():
    content = render_launch_calendar(
        roadmap(planned("probe", "2030"), edition="2022-supplement"), "x.ics"
    ).content
    assert list(events(content)) == ["probe.2022-supplement@ger"]


def test_the_feed_filters_by_agency_with_partners(client, seeded):
    response = client.get("/exports/missions.ics?agency=JAXA")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    uids = set(events(response.content))
    expected = {
        f"{m.slug}@ger"
        for m in Mission.objects.filter(lead__code="JAXA").exclude(
            planned_launch_on=None, actual_launch_on=None
        )
    }
    assert expected <= uids
    assert "lupex@ger" in uids  # led by JAXA
    assert "artemis-iii@ger" not in uids


def test_the_feed_filters_by_destination_with_sub_destinations(client, seeded):
    content = client.get("/exports/missions.ics?destination=lunar-surface").content
    slugs = {uid.removesuffix("@ger") for uid in events(content)}
    destinations = set(
        Mission.objects.filter(slug__in=slugs).values_list(
            "destination__slug", flat=True
        )
    )
    assert "lunar-south-pole" in destinations
    assert destinations <= {
        "lunar-surface",
        "lunar-south-pole",
        "lunar-far-side",
        "lunar-near-side",
    }


def test_an_edition_feed_shows_the_plan_as_that_edition_stated_it(client, seeded):
    content = client.get("/editions/2022-supplement/export/missions.ics").content
    event = events(content)["artemis-iii.2022-supplement@ger"]
    # The 2022 supplement planned Artemis III for NET 2025, a whole-year span.
    assert event.decoded("DTSTART") == dt.date(2025, 1, 1)
    assert event.decoded("DTEND") == dt.date(2026, 1, 1)
    assert "no earlier than 2025 (year precision)" in str(event["SUMMARY"])


def test_every_dated_mission_of_the_current_plan_has_one_event(client, seeded):
    content = client.get("/exports/missions.ics").content
    dated = Mission.objects.exclude(planned_launch_on=None, actual_launch_on=None)
    assert set(events(content)) == {f"{m.slug}@ger" for m in dated}
    for event in events(content).values():
        assert event.decoded("DTEND") > event.decoded("DTSTART")
        assert str(event["URL"]).startswith("http://testserver/missions/")


def test_a_bad_filter_is_refused_naming_the_parameter(client, seeded):
    response = client.get("/exports/missions.ics?status=flying")
    assert response.status_code == 400
    assert response.content.decode().startswith("status:")
