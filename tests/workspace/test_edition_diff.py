from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from ger.editions.diff import diff_snapshots, replan_of
from ger.editions.models import Edition


def snapshot(code, missions, agencies=(), objectives=()):
    return {
        "edition": {"code": code},
        "missions": missions,
        "agencies": list(agencies),
        "goals": [],
        "objectives": list(objectives),
        "dependencies": [],
    }


def mission(slug, lead="NASA", launch="2024", status="planned", **extra):
    return {
        "slug": slug,
        "name": slug.title(),
        "lead": lead,
        "partners": [],
        "destination": "lunar-surface",
        "crewed": False,
        "kind": "science",
        "planned_launch": launch,
        "status": status,
        **extra,
    }


def test_a_slip_is_a_later_earliest_date():
    assert replan_of("2024", "NET 2025") == ("slip", 12, "")
    assert replan_of("NET 2024-05", "NET 2025") == ("slip", 8, "")
    assert replan_of("2025", "2026-08")[:2] == ("slip", 19)
    assert replan_of("2026-05", "2025-11")[:2] == ("earlier", -6)


def test_a_finer_date_within_the_window_is_no_slip():
    assert replan_of("2023-Q4", "2023-11")[:2] == ("narrowed", None)
    assert replan_of("2025", "2025-05")[:2] == ("narrowed", None)
    # A no-later-than bound compares as a window: a date before it narrows it.
    assert replan_of("NLT 2030", "2026-08")[:2] == ("narrowed", None)
    # A no-earlier-than date moved later is a slip, not a narrowing.
    assert replan_of("NET 2022-Q4", "2025")[:2] == ("slip", 27)
    assert replan_of("2024", "NLT 2030")[:2] == ("widened", None)
    assert replan_of("2025", "2025") == ("unchanged", None, "")


def test_a_date_only_one_record_states_is_not_a_change_of_plan():
    assert replan_of(None, "2025")[:2] == ("first_recorded", None)
    assert replan_of("2021-07", None)[:2] == ("not_recorded", None)


def test_the_diff_sorts_missions_into_added_removed_cancelled_and_replanned():
    old = snapshot(
        "A",
        [mission("kept"), mission("gone", lead="ESA"), mission("stopped", lead="ESA")],
        agencies=[{"code": "NASA", "name": "N"}, {"code": "ESA", "name": "E"}],
        objectives=[{"code": "O1", "title": "Old title"}],
    )
    # Both records of ESA's and JAXA's plans are complete: a mission missing
    # from one of them was added or dropped.
    old["edition"]["complete_for"] = ["ESA", "JAXA"]
    new = snapshot(
        "B",
        [
            mission("kept", launch="2026-Q1", destination="mars-surface"),
            mission("stopped", lead="ESA", status="cancelled"),
            mission(
                "fresh",
                lead="JAXA",
                partners=[{"agency": "NASA", "role": "rover"}],
            ),
            mission("unseen", lead="CSA"),
        ],
        agencies=[
            {"code": "NASA", "name": "N"},
            {"code": "ESA", "name": "E"},
            {"code": "NZSA", "name": "Z"},
        ],
        objectives=[{"code": "O1", "title": "New title"}],
    )
    new["edition"]["complete_for"] = ["ESA", "JAXA"]
    result = diff_snapshots(old, new)
    assert [m.slug for m in result.added] == ["fresh"]
    assert [m.slug for m in result.removed] == ["gone"]
    assert [m.slug for m in result.cancelled] == ["stopped"]
    # CSA's plans are not recorded completely in A: "unseen" is not new.
    assert [(m.slug, m.recorded_in) for m in result.not_recorded] == [("unseen", "B")]
    [replan] = result.replanned
    assert (replan.slug, replan.change, replan.slip_months) == ("kept", "slip", 24)
    assert replan.precision_changed
    assert [(c.slug, c.field, c.after) for c in result.changed] == [
        ("kept", "destination", "mars-surface")
    ]
    assert [a.key for a in result.agencies_joined] == ["NZSA"]
    assert [(o.key, o.before, o.after) for o in result.objectives] == [
        ("O1", "Old title", "New title")
    ]
    assert result.by_agency["ESA"].removed == ["Gone"]
    assert result.by_agency["ESA"].cancelled == ["Stopped"]
    assert result.by_agency["NASA"].replanned == ["Kept: 2024 → 2026-Q1 (+24 months)"]
    assert json.loads(json.dumps(result.as_dict()))["by_agency"]["JAXA"]["added"] == [
        "Fresh"
    ]


def test_a_mission_missing_from_an_incomplete_record_is_not_recorded_not_removed():
    old = snapshot("A", [mission("kept"), mission("gone", lead="ESA")])
    new = snapshot("B", [mission("kept"), mission("fresh", lead="JAXA")])
    result = diff_snapshots(old, new)
    assert result.added == result.removed == []
    assert {(m.slug, m.recorded_in, m.missing_from) for m in result.not_recorded} == {
        ("gone", "A", "B"),
        ("fresh", "B", "A"),
    }
    assert result.is_empty


def test_a_fact_one_statement_does_not_record_is_not_compared():
    old = snapshot("A", [mission("kept", partners=None, not_recorded=["partners"])])
    new = snapshot("B", [mission("kept", partners=[{"agency": "ESA", "role": ""}])])
    assert diff_snapshots(old, new).changed == []


def test_a_drop_the_later_edition_states_is_a_removal():
    old = snapshot("A", [mission("kept")])
    new = snapshot("B", [mission("kept", in_edition="dropped")])
    assert [m.slug for m in diff_snapshots(old, new).removed] == ["kept"]


def test_an_edition_compared_with_itself_has_no_change():
    same = snapshot("A", [mission("one")])
    assert diff_snapshots(same, same).is_empty


@pytest.mark.django_db
def test_the_2020_to_2022_diff_shows_the_real_replans(seeded, client):
    old = Edition.objects.get(code="GER-SUPP-2020-E1").verified_snapshot()
    new = Edition.objects.get(code="GER-SUPP-2022-E1").verified_snapshot()
    result = diff_snapshots(old, new)
    replans = {r.slug: r for r in result.replanned}
    artemis = replans["artemis-iii"]
    assert (artemis.before, artemis.after, artemis.change, artemis.slip_months) == (
        "2024",
        "NET 2025",
        "slip",
        12,
    )
    # A window that a later statement only bounds is no slip.
    assert (replans["chang-e-7"].change, replans["chang-e-7"].slip_months) == (
        "widened",
        None,
    )
    assert replans["lunar-pathfinder"].slip_months == 27
    assert replans["peregrine-mission-one"].change == "not_recorded"
    assert all(
        r.slip_months is None
        for r in result.replanned
        if r.change not in {"slip", "earlier"}
    )
    # Neither supplement's record of any agency's plans is complete.
    assert result.added == result.removed == []
    only = {row.slug: row for row in result.not_recorded}
    assert only["jaxa-pressurized-rover"].recorded_in == "GER-SUPP-2020-E1"
    assert {"artemis-i", "chang-e-4", "chang-e-5", "capstone"} <= {
        slug for slug, row in only.items() if row.recorded_in == "GER-SUPP-2022-E1"
    }
    assert [a.key for a in result.agencies_joined] == ["AEM", "NZSA", "PT Space"]
    assert (
        "Artemis III: 2024 → NET 2025 (+12 months)"
        in result.by_agency["NASA"].replanned
    )

    # The pages and the command compare the current issues of the two supplements.
    page = client.get("/editions/2020-supplement/diff/2022-supplement/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "NET 2025" in body
    assert "JAXA pressurized rover" in body
    assert "jaxa-pressurized-rover" not in body
    assert "corrected re-issue" in body
    data = client.get("/editions/GER-SUPP-2020/diff/GER-SUPP-2022/?format=json").json()
    assert {"slug": "artemis-iii", "slip_months": 12}.items() <= {
        r["slug"]: r for r in data["replanned"]
    }["artemis-iii"].items()
    assert "jaxa-pressurized-rover" in {r["slug"] for r in data["not_recorded"]}

    output = StringIO()
    call_command("diff", "GER-SUPP-2020", "GER-SUPP-2022", stdout=output)
    text = output.getvalue()
    assert "Artemis III: 2024 → NET 2025 (+12 months) [NASA]" in text
    assert "Major updates in exploration plans, by agency" in text
    recorded_only = text.split("Not recorded in both editions")[1]
    assert "JAXA pressurized rover [JAXA]: in GER-SUPP-2020-E1's record only" in (
        recorded_only
    )
    assert "Missions removed" not in text
    assert "Missions added" not in text
    assert "Chang'e 7: 2024 → NLT 2030 (window widened)" in text


@pytest.mark.django_db
def test_the_diff_of_the_issues_as_published_is_still_there(seeded):
    output = StringIO()
    call_command(
        "diff", "GER-SUPP-2020", "GER-SUPP-2022", "--as-issued", "--json", stdout=output
    )
    data = json.loads(output.getvalue())
    assert (data["old"]["code"], data["new"]["code"]) == (
        "GER-SUPP-2020",
        "GER-SUPP-2022",
    )


@pytest.mark.django_db
def test_the_diff_names_the_statements_and_sources_behind_each_change(seeded):
    output = StringIO()
    call_command(
        "diff", "2020-supplement", "2022-supplement", "--evidence", stdout=output
    )
    text = output.getvalue()
    line = text.split("Artemis III: 2024 → NET 2025")[1].split("\n")[1]
    assert "GER-SUPP-2020-E1: reconstructed from public reporting, 2020-08" in line
    assert "GER-SUPP-2022-E1: reconstructed from public reporting, 2021-11" in line


@pytest.mark.django_db
def test_a_tampered_published_snapshot_stops_the_diff(base_data, client):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE editions_edition SET snapshot = %s WHERE code = %s",
            [json.dumps({"missions": []}), "ED-A"],
        )
    response = client.get("/editions/edition-a/diff/current/")
    assert response.status_code == 409
    assert "does not match" in response.content.decode()
    json_response = client.get("/editions/edition-a/diff/current/?format=json")
    assert json_response.json()["error"]["code"] == "snapshot_corrupt"
    with pytest.raises(CommandError, match="does not match"):
        call_command("diff", "ED-A", "WORK")


@pytest.mark.django_db
def test_the_diff_of_unknown_or_unpublished_editions_is_refused(base_data, client):
    assert client.get("/editions/nope/diff/current/").status_code == 404
    Edition.objects.create(code="DRAFT-X", slug="draft-x", title="x", kind="supplement")
    assert client.get("/editions/draft-x/diff/current/").status_code == 403
    with pytest.raises(CommandError, match="nope"):
        call_command("diff", "nope", "WORK")
