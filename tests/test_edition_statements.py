"""Editions as records of their day: statements with known-since dates, and errata."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from ger.dataset.backup import canonical_records
from ger.dataset.writing import load_files
from ger.editions.models import Edition, EditionImmutableError
from ger.editions.services import ErratumError, publish_edition, reissue_edition
from ger.history.missions import (
    update_mission,
)
from ger.objectives.models import Goal, Objective
from ger.plandates import PlanDate
from ger.plans.models import Destination, Mission

pytestmark = pytest.mark.django_db


def _statements_against_releases() -> list[tuple[str, str, str, str]]:
    """List (edition, mission, known since, released) for every current issue."""
    rows = []
    for edition in Edition.objects.current():
        snapshot = edition.verified_snapshot()
        released = snapshot["edition"]["released"] or ""
        for mission in snapshot["missions"]:
            known = mission.get("known_since") or "undated"
            rows.append((edition.code, mission["slug"], known, released))
    return rows


def test_no_current_issue_holds_a_statement_known_after_its_release(seeded):
    rows = _statements_against_releases()
    assert len(rows) == 38  # 9 statements of 2020, 29 of 2022
    late = [
        row
        for row in rows
        if row[2] != "undated"
        and PlanDate.parse(row[2]).start > PlanDate.parse(row[3]).end
    ]
    assert late == [], late
    dated = [row for row in rows if row[2] != "undated"]
    assert len(dated) >= 15


def test_no_current_issue_lists_a_goal_or_objective_stated_after_it(seeded):
    stated = {
        **dict(Goal.objects.values_list("code", "known_on")),
        **dict(Objective.objects.values_list("code", "known_on")),
    }
    assert all(stated.values())
    for edition in Edition.objects.current().exclude(released_on=None):
        snapshot = edition.verified_snapshot()
        released = PlanDate.parse(snapshot["edition"]["released"])
        for item in snapshot["goals"] + snapshot["objectives"]:
            assert stated[item["code"]] <= released.end, (edition.code, item)
    first = Edition.objects.get(code="GER-1-E1").verified_snapshot()
    assert (len(first["goals"]), len(first["objectives"])) == (8, 0)
    framework = Edition.objects.get(code="GES-2007-E1").verified_snapshot()
    assert (len(framework["goals"]), len(framework["objectives"])) == (0, 0)


def test_artemis_iii_goes_to_the_lunar_surface_crewed_in_2020_and_2022(seeded):
    surface = Destination.objects.get(slug="lunar-surface")
    below = {surface.slug} | set(surface.children.values_list("slug", flat=True))
    for slug in ("2020-supplement", "2022-supplement"):
        issue = Edition.objects.get(slug=slug).latest_issue()
        assert issue.slug == f"{slug}-e1"
        [artemis] = [
            m
            for m in issue.verified_snapshot()["missions"]
            if m["slug"] == "artemis-iii"
        ]
        assert artemis["destination"] in below
        assert artemis["crewed"] is True
    # Today's record says low Earth orbit (the 2026 re-plan): not the editions.
    assert Mission.objects.get(slug="artemis-iii").destination.slug == "leo"


def test_partners_agreed_later_are_not_in_older_records(seeded):
    def statement(code: str, slug: str) -> dict:
        snapshot = Edition.objects.get(code=code).verified_snapshot()
        return next(m for m in snapshot["missions"] if m["slug"] == slug)

    rover = statement("GER-SUPP-2020-E1", "jaxa-pressurized-rover")
    assert rover["partners"] is None
    assert "partners" in rover["not_recorded"]
    assert statement("GER-SUPP-2020-E1", "chang-e-7")["partners"] is None
    for code in ("GER-SUPP-2020-E1", "GER-SUPP-2022-E1"):
        partners = statement(code, "lunar-pathfinder")["partners"]
        assert "Firefly" not in {p["agency"] for p in partners}
    argonaut = statement("GER-SUPP-2022-E1", "argonaut")
    assert not argonaut["partners"]
    for edition in Edition.objects.current():
        assert "2026 plan" not in str(edition.verified_snapshot()["missions"])


def test_both_supplements_are_reissued_and_the_chain_shows(seeded, client):
    for slug in ("2020-supplement", "2022-supplement"):
        first = client.get(f"/editions/{slug}/").content.decode()
        assert "This issue has been corrected." in first
        assert f'href="/editions/{slug}-e1/"' in first
        reissue = client.get(f"/editions/{slug}-e1/").content.decode()
        assert "Corrected re-issue." in reissue
        assert f'href="/editions/{slug}/"' in reissue
        data = client.get(f"/editions/{slug}-e1/?format=json").json()
        assert data["erratum"]["supersedes"]["slug"] == slug
        assert "Artemis III" in data["erratum"]["reason"] or slug.startswith("2022")
        api = client.get(f"/api/v1/editions/{slug}").json()
        assert api["superseded_by"] == api["code"] + "-E1"
        again = client.get(f"/api/v1/editions/{slug}-e1").json()
        assert (again["supersedes"], again["superseded_by"]) == (api["code"], None)
        assert again["erratum_reason"]
    output = StringIO()
    call_command("verify", stdout=output)
    text = output.getvalue()
    for code in ("GER-SUPP-2020", "GER-SUPP-2022"):
        assert f"erratum: {code} (" in text
        assert f"is corrected by {code}-E1" in text
    assert "none holds a statement known after its release" in text


def test_a_live_edit_leaves_the_build_of_an_edition_byte_identical(
    seeded, tmp_path: Path, nasa_editor_for_seed, pdf_stand_in
):
    before, after = tmp_path / "before", tmp_path / "after"
    call_command("build", "2022-supplement-e1", "--out", str(before), verbosity=0)
    mission = Mission.objects.get(slug="artemis-iii")
    update_mission(
        mission,
        {
            "name": "Artemis III (renamed)",
            "description": "Changed today.",
            "planned_launch": "2031",
        },
        nasa_editor_for_seed,
        mission.version,
    )
    Destination.objects.filter(slug="lunar-south-pole").update(name="Renamed pole")
    call_command("build", "2022-supplement-e1", "--out", str(after), verbosity=0)
    files = sorted(p.relative_to(before) for p in before.rglob("*") if p.is_file())
    assert files == sorted(
        p.relative_to(after) for p in after.rglob("*") if p.is_file()
    )
    changed = [
        f for f in files if (before / f).read_bytes() != (after / f).read_bytes()
    ]
    assert changed == []


@pytest.fixture
def nasa_editor_for_seed(seeded, django_user_model):
    from ger.registry.models import Agency, UserRole

    user = django_user_model.objects.create_user("editor@nasa.test")
    UserRole.objects.create(
        user=user, kind=UserRole.Kind.EDITOR, agency=Agency.objects.get(code="NASA")
    )
    return user


def test_a_statement_known_after_the_release_is_refused_at_load(base_data, write_file):
    path = write_file(
        "late.yaml",
        """
        missions:
          - slug: lander-two
            name: Lander Two
            lead: NASA
            destination: lunar-south-pole
            crewed: true
            kind: human_exploration
            status: planned
            confidence: reported
            plans:
              ED-A: {launch: "2025", in_edition: confirmed}
              ED-B: {launch: "2026", known_since: "2021-03", name: Lander Two}
        editions:
          - code: ED-B
            slug: edition-b
            title: Edition B
            kind: supplement
            released: "2020-11"
            status: published
        """,
    )
    summary, problems = load_files([path])
    assert summary is None
    [problem] = problems
    assert str(problem).startswith(f"{path}:12: ")
    assert "plans.ED-B.known_since" in str(problem)
    assert "2021-03 is after the release of ED-B (2020-11)" in str(problem)
    assert not Edition.objects.filter(code="ED-B").exists()


def test_a_reissue_copies_the_statements_and_supersedes_once_published(base_data):
    original = Edition.objects.get(code="ED-A")
    with pytest.raises(ErratumError):
        reissue_edition(original, code="ED-A-E1", slug="a-e1", title="A", reason=" ")
    draft = reissue_edition(
        original, code="ED-A-E1", slug="edition-a-e1", title="A, corrected", reason="x"
    )
    assert draft.plans.count() == original.plans.count() == 2
    assert original.latest_issue() == original  # not published yet
    published = publish_edition(draft)
    assert original.latest_issue() == published
    assert published.issue_chain() == [original, published]
    assert set(Edition.objects.current()) == {published}
    snapshot = published.verified_snapshot()
    assert snapshot["edition"]["erratum"]["supersedes_sha256"] == (
        original.snapshot_sha256
    )
    with pytest.raises(ErratumError, match="already corrected"):
        reissue_edition(original, code="X", slug="x", title="x", reason="again")


def test_a_statement_known_after_the_release_cannot_be_published(base_data):
    draft = Edition.objects.create(
        code="ED-C",
        slug="edition-c",
        title="Edition C",
        kind="supplement",
        released_on=dt.date(2019, 1, 1),
        released_precision="year",
    )
    original = Edition.objects.get(code="ED-A")
    plan = original.plans.first()
    assert plan is not None
    plan.pk, plan.edition = None, draft
    plan.known_on, plan.known_precision = dt.date(2020, 5, 1), "month"
    plan.save()
    with pytest.raises(EditionImmutableError, match="known after its release 2019"):
        publish_edition(draft)


def test_a_backup_keeps_the_statements_and_the_errata(seeded, tmp_path: Path):
    from tests.security.test_backup_and_integrity import _empty_database

    before = canonical_records()
    path = tmp_path / "ger.json.gz"
    call_command("backup", str(path), stdout=StringIO())
    _empty_database()
    call_command("restore", str(path), stdout=StringIO())
    assert canonical_records() == before
    reissue = Edition.objects.get(code="GER-SUPP-2022-E1")
    assert reissue.supersedes.code == "GER-SUPP-2022"
    call_command("verify", stdout=StringIO())


def test_a_mission_s_history_shows_when_and_from_where_each_statement_arrived(
    seeded,
):
    from ger.history.models import Revision

    created = Revision.objects.filter(
        record_type=Revision.RecordType.MISSION, record_key="artemis-iii"
    ).get(action=Revision.Action.CREATE)
    assert created.user_label == "ger seed"
    assert "missions.yaml" in created.note
    statement = created.changes["statement GER-SUPP-2020-E1"]["after"]
    assert statement["destination_slug"] == "lunar-south-pole"
    assert statement["known_since"] == "2020-08"


def test_the_mission_page_reads_each_statement_in_words(client, seeded):
    from ger.registry.services import create_account

    # The load's record, field by field, is for editors: readers see that the
    # mission was first recorded, and the editions' statements in their own table.
    create_account("chair@isecg.test", "secretariat", None, "a long passphrase 1")
    client.login(username="chair@isecg.test", password="a long passphrase 1")
    page = client.get("/missions/artemis-iii/").content.decode()
    assert "as stated in GER-SUPP-2020-E1" in page
    assert (
        "Artemis III · NASA · Lunar south polar region · crewed · planned 2024" in page
    )
    assert "reconstructed from public reporting, known since 2020-08" in page
    assert "destination_slug=" not in page
