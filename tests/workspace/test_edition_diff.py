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


def test_a_slip_compares_the_starts_of_the_periods():
    assert replan_of("2024", "NET 2025") == (
        12,
        False,
        "qualifier changed from as stated to no earlier than",
    )
    assert replan_of("2023-Q4", "2024-02") == (
        4,
        True,
        "precision changed from quarter to month: the slip compares the starts "
        "of the periods",
    )
    assert replan_of("2026-05", "2025-11")[0] == -6
    assert replan_of(None, "2025") == (None, False, "planned date set")


def test_the_diff_sorts_missions_into_added_removed_cancelled_and_replanned():
    old = snapshot(
        "A",
        [mission("kept"), mission("gone", lead="ESA"), mission("stopped", lead="ESA")],
        agencies=[{"code": "NASA", "name": "N"}, {"code": "ESA", "name": "E"}],
        objectives=[{"code": "O1", "title": "Old title"}],
    )
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
        ],
        agencies=[
            {"code": "NASA", "name": "N"},
            {"code": "ESA", "name": "E"},
            {"code": "NZSA", "name": "Z"},
        ],
        objectives=[{"code": "O1", "title": "New title"}],
    )
    result = diff_snapshots(old, new)
    assert [m.slug for m in result.added] == ["fresh"]
    assert [m.slug for m in result.removed] == ["gone"]
    assert [m.slug for m in result.cancelled] == ["stopped"]
    [replan] = result.replanned
    assert (replan.slug, replan.slip_months, replan.precision_changed) == (
        "kept",
        24,
        True,
    )
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


def test_an_edition_compared_with_itself_has_no_change():
    same = snapshot("A", [mission("one")])
    assert diff_snapshots(same, same).is_empty


@pytest.mark.django_db
def test_the_2020_to_2022_diff_shows_the_real_replans(seeded, client):
    old = Edition.objects.get(code="GER-SUPP-2020").verified_snapshot()
    new = Edition.objects.get(code="GER-SUPP-2022").verified_snapshot()
    result = diff_snapshots(old, new)
    replans = {r.slug: r for r in result.replanned}
    artemis = replans["artemis-iii"]
    assert (artemis.before, artemis.after, artemis.slip_months) == (
        "2024",
        "NET 2025",
        12,
    )
    assert (replans["artemis-ii"].before, replans["artemis-ii"].after) == (
        "2023",
        "NET 2024-05",
    )
    assert replans["artemis-ii"].slip_months == 16
    assert replans["artemis-ii"].precision_changed
    assert replans["chandrayaan-3"].slip_months == 29
    assert replans["lunar-pathfinder"].after == "2025"
    assert {"viper", "capstone", "luna-26"} <= {m.slug for m in result.added}
    assert [m.slug for m in result.removed] == ["jaxa-pressurized-rover"]
    assert [a.key for a in result.agencies_joined] == ["AEM", "NZSA", "PT Space"]
    assert ("kplo-danuri", "status", "planned", "launched") in [
        (c.slug, c.field, c.before, c.after) for c in result.changed
    ]
    assert (
        "Artemis III: 2024 → NET 2025 (+12 months)"
        in result.by_agency["NASA"].replanned
    )

    page = client.get("/editions/2020-supplement/diff/2022-supplement/")
    assert page.status_code == 200
    assert "NET 2025" in page.content.decode()
    data = client.get("/editions/GER-SUPP-2020/diff/GER-SUPP-2022/?format=json").json()
    assert {"slug": "artemis-iii", "slip_months": 12}.items() <= {
        r["slug"]: r for r in data["replanned"]
    }["artemis-iii"].items()

    output = StringIO()
    call_command("diff", "GER-SUPP-2020", "GER-SUPP-2022", stdout=output)
    text = output.getvalue()
    assert "Artemis III: 2024 → NET 2025 (+12 months) [NASA]" in text
    assert "Major updates in exploration plans, by agency" in text


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
