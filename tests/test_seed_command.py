from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from ger.editions.models import Edition, EditionPlan
from ger.plans.models import Mission
from ger.registry.models import Agency, MembershipCount

pytestmark = pytest.mark.django_db

MEMBERS = {
    "AEB",
    "AEM",
    "ASA",
    "CSIRO",
    "ASI",
    "CNES",
    "CNSA",
    "CSA",
    "DLR",
    "ESA",
    "GISTDA",
    "ISRO",
    "JAXA",
    "KARI",
    "LSA",
    "NASA",
    "NOSA",
    "NZSA",
    "POLSA",
    "PT Space",
    "ROSA",
    "Roscosmos",
    "SSAU",
    "SSO",
    "UAE Space Agency",
    "UK Space Agency",
    "VNSC",
}


# ``seeded`` is the shared fixture (tests/shared_data.py): ``ger seed`` run once per
# test process, what it wrote kept in a transaction that each test's savepoint sees.


def test_seed_loads_the_27_member_agencies(seeded):
    assert set(Agency.objects.members().values_list("code", flat=True)) == MEMBERS
    founders = Agency.objects.filter(membership__founding=True).count()
    assert founders == 14


def test_seed_loads_the_membership_counts_from_14_to_27(seeded):
    counts = list(MembershipCount.objects.values_list("count", flat=True))
    assert counts[0] == 14
    assert max(counts) == 27


def test_seed_publishes_the_2020_and_2022_supplements_with_their_plans(seeded):
    # The first issues, as first published, and their corrected re-issues, which
    # leave out the statements known only from later reporting.
    for code, plans in (
        ("GER-SUPP-2020", 12),
        ("GER-SUPP-2022", 30),
        ("GER-SUPP-2020-E1", 9),
        ("GER-SUPP-2022-E1", 29),
    ):
        edition = Edition.objects.get(code=code)
        assert edition.is_published
        snapshot = edition.verified_snapshot()
        assert len(snapshot["missions"]) == plans == edition.plans.count()
    # The data is reconstructed from public reporting: only confirmed entries say so.
    confirmed = EditionPlan.objects.filter(in_edition="confirmed")
    assert set(confirmed.values_list("edition__code", flat=True)) == {
        "GER-SUPP-2020",
        "GER-SUPP-2020-E1",
    }
    assert not EditionPlan.objects.filter(basis="quoted").exists()


def test_seed_keeps_a_working_draft_of_todays_plans(seeded):
    draft = Edition.objects.get(kind=Edition.Kind.WORKING_DRAFT)
    assert draft.status == Edition.Status.DRAFT
    assert len(draft.snapshot["missions"]) == Mission.objects.count()


def test_every_seeded_mission_has_a_source(seeded):
    assert Mission.objects.count() >= 40
    assert not Mission.objects.filter(sources__isnull=True).exists()


def test_seed_keeps_date_precision_and_outcomes(seeded):
    artemis_one = Mission.objects.get(slug="artemis-i")
    assert str(artemis_one.actual_launch) == "2022-11-16"
    assert artemis_one.status == Mission.Status.SUCCEEDED
    plan_2020 = EditionPlan.objects.get(
        mission__slug="artemis-iii", edition__code="GER-SUPP-2020"
    )
    assert str(plan_2020.launch) == "2024"
    assert plan_2020.launch.precision == "year"


def test_seed_run_twice_changes_nothing(seeded):
    versions = dict(Mission.objects.values_list("slug", "version"))
    hashes = dict(Edition.objects.values_list("code", "snapshot_sha256"))
    output = StringIO()
    call_command("seed", stdout=output)
    assert " 0 created, 0 updated" in output.getvalue()
    assert all(
        line.split(": ", 1)[1].startswith("0 created, 0 updated")
        for line in output.getvalue().strip().splitlines()
    ), output.getvalue()
    assert dict(Mission.objects.values_list("slug", "version")) == versions
    assert dict(Edition.objects.values_list("code", "snapshot_sha256")) == hashes


def test_seed_if_empty_skips_a_database_with_data(seeded):
    output = StringIO()
    call_command("seed", "--if-empty", stdout=output)
    assert "nothing loaded" in output.getvalue()
