"""``ger analyze NAME`` on the bundled data: every analysis, every format."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from ger.plans.models import Dependency, Mission

pytestmark = pytest.mark.django_db


def analyze(*args: str) -> str:
    out = io.StringIO()
    call_command("analyze", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    "name", ["coverage", "partnerships", "schedule", "risk", "proximity"]
)
def test_each_analysis_answers_json_csv_and_a_table(seeded, name):
    data = json.loads(analyze(name, "--format", "json", "--trials", "500"))
    assert data["analysis"] == ("schedule" if name == "schedule" else name)
    rows = list(
        csv.reader(io.StringIO(analyze(name, "--format", "csv", "--trials", "500")))
    )
    assert len(rows) >= 2
    table = analyze(name, "--trials", "500")
    assert f"{data['analysis']} of current plan as of" in table
    assert rows[0][0] in table


def test_coverage_shows_the_objectives_no_mission_addresses(seeded):
    data = json.loads(analyze("coverage", "--format", "json"))
    assert "LSO20-2" in data["gaps"]
    assert "LSO20-1" not in data["gaps"]
    assert data["links"]["editorial"] >= 1


def test_partnerships_for_one_agency_explain_themselves(seeded):
    data = json.loads(analyze("partnerships", "--agency", "JAXA", "--format", "json"))
    assert data["opportunities"]
    for found in data["opportunities"]:
        assert found["agencies"][0] == "JAXA"
        other = found["agencies"][1]
        assert "JAXA" in found["explanation"]
        assert other in found["explanation"]
        assert found["explanation"].endswith(".")


def test_the_critical_path_leads_to_the_first_crewed_landing(seeded):
    data = json.loads(analyze("schedule", "--format", "json"))
    assert data["milestone"] == "first-crewed-landing"
    assert data["target"]["slug"] == "artemis-iv"
    assert data["critical_path"][-1]["slug"] == "artemis-iv"


def test_whatif_moves_the_downstream_missions_and_changes_nothing(
    seeded, database_rows
):
    before = database_rows()
    data = json.loads(
        analyze("whatif", "--move", "gateway-ppe-halo=+12", "--format", "json")
    )
    shifts = {row["slug"]: row for row in data["shifts"]}
    assert shifts["gateway-ppe-halo"]["moved_directly"] is True
    assert shifts["artemis-iv"]["months"] == pytest.approx(12.0)
    assert shifts["artemis-iv"]["via"] == "gateway-ppe-halo"
    assert database_rows() == before


def test_whatif_refuses_a_launched_mission(seeded):
    with pytest.raises(CommandError, match="artemis-ii has already launched"):
        analyze("whatif", "--move", "artemis-ii=+3")


def test_whatif_refuses_a_cancelled_mission_and_offers_only_movable_ones(seeded):
    with pytest.raises(
        CommandError, match="msr-sample-fetch-rover was cancelled; it cannot move"
    ):
        analyze("whatif", "--move", "msr-sample-fetch-rover=+3")
    with pytest.raises(CommandError, match="missions that can still move") as raised:
        analyze("whatif")
    offered = str(raised.value).rsplit(": ", 1)[1].split(", ")
    assert "gateway-ppe-halo" in offered
    for unmovable in ("artemis-ii", "msr-sample-fetch-rover", "gateway-esprit"):
        assert unmovable not in offered


def test_a_dependency_cycle_is_refused_with_the_cycle_named(seeded):
    Dependency.objects.create(
        upstream=Mission.objects.get(slug="artemis-iii"),
        downstream=Mission.objects.get(slug="artemis-i"),
        kind="successor",
    )
    with pytest.raises(
        CommandError, match="cycle: artemis-i → artemis-ii → artemis-iii → artemis-i"
    ):
        analyze("schedule")


def test_risk_states_its_calibration_and_is_reproducible(seeded):
    first = analyze("risk", "--seed", "3", "--trials", "2000", "--format", "json")
    assert first == analyze(
        "risk", "--seed", "3", "--trials", "2000", "--format", "json"
    )
    classes = {c["class"]: c for c in json.loads(first)["calibration"]["classes"]}
    assert classes["all"]["samples"] == sum(
        classes[key]["samples"] for key in ("crewed", "lander", "orbiter")
    )
    table = analyze("risk", "--seed", "3", "--trials", "2000")
    assert "not a published forecast" in table
    assert "samples (" in table
    assert "uses all" in table


def test_backtest_reports_its_numbers_or_why_it_cannot(seeded):
    at_edition = json.loads(
        analyze(
            "backtest",
            "--edition",
            "GER-SUPP-2022",
            "--format",
            "json",
            "--trials",
            "1000",
        )
    )
    assert at_edition["error"] is not None
    assert "too little history" in at_edition["error"]
    later = json.loads(
        analyze(
            "backtest", "--cutoff", "2024-11-26", "--format", "json", "--trials", "1000"
        )
    )
    assert later["error"] is None
    assert later["summary"]["forecasts"] == len(later["scores"])
    assert later["calibration"]["as_of"] == "2024-11-26"


def test_an_edition_is_analysed_with_its_own_plans(seeded):
    data = json.loads(
        analyze("schedule", "--edition", "2022-supplement", "--format", "json")
    )
    assert data["source"]["label"] == "GER-SUPP-2022"
    assert data["source"]["as_of"] == "2022-10-31"


def test_an_unknown_edition_is_an_error(seeded):
    with pytest.raises(CommandError, match="no edition 'nope'"):
        analyze("coverage", "--edition", "nope")


def test_proximity_flags_the_sites_close_in_space_and_time(seeded):
    data = json.loads(analyze("proximity", "--format", "json"))
    assert data["threshold_km"] == 100.0
    for pair in data["pairs"]:
        assert pair["distance_km"] <= 100.0
    wider = json.loads(
        analyze("proximity", "--threshold-km", "150", "--format", "json")
    )
    assert wider["close_pairs"] > data["close_pairs"]
