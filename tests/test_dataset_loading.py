from __future__ import annotations

import pytest

from ger.dataset.writing import load_files
from ger.editions.models import Edition, EditionPlan
from ger.plans.models import Dependency, Mission, MissionPartner
from ger.registry.models import Agency

pytestmark = pytest.mark.django_db


def table_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Agency, Mission, MissionPartner, Dependency, Edition, EditionPlan)
    }


def test_it_loads_a_good_file_with_every_relation(base_data):
    lander = Mission.objects.get(slug="lander-two")
    assert lander.lead.code == "NASA"
    assert [(p.agency.code, p.role) for p in lander.partnerships.all()] == [
        ("JAXA", "rover")
    ]
    assert str(lander.planned_launch) == "2028-Q2"
    assert lander.depends_on.get().upstream.slug == "orbiter-one"
    plan = EditionPlan.objects.get(mission=lander, edition__code="ED-A")
    assert (str(plan.launch), plan.in_edition, plan.basis) == (
        "2025",
        "confirmed",
        "reconstructed",
    )


def test_loading_the_same_file_twice_changes_nothing(base_data):
    before = table_counts()
    versions = dict(Mission.objects.values_list("slug", "version"))
    summary, problems = load_files([base_data])
    assert problems == []
    assert summary is not None
    assert not summary.changed
    assert table_counts() == before
    assert dict(Mission.objects.values_list("slug", "version")) == versions


def test_a_published_edition_is_published_with_its_plans_in_the_snapshot(base_data):
    edition = Edition.objects.get(code="ED-A")
    assert edition.is_published
    snapshot = edition.verified_snapshot()
    assert [m["slug"] for m in snapshot["missions"]] == ["lander-two", "orbiter-one"]
    assert {m["slug"]: m["planned_launch"] for m in snapshot["missions"]} == {
        "lander-two": "2025",
        "orbiter-one": "2024",
    }


def test_the_working_draft_holds_todays_plans(base_data):
    draft = Edition.objects.get(code="WORK")
    assert draft.status == Edition.Status.DRAFT
    plans = {m["slug"]: m["planned_launch"] for m in draft.snapshot["missions"]}
    assert plans == {"lander-two": "2028-Q2", "orbiter-one": "NET 2026"}


def test_an_update_changes_the_record_and_bumps_its_version(base_data, write_file):
    path = write_file(
        "update.yaml",
        """
        missions:
          - slug: orbiter-one
            name: Orbiter One
            lead: ESA
            destination: lunar-orbit
            kind: infrastructure
            status: in_development
            confidence: agency_confirmed
            planned_launch: "2027-03"
    """,
    )
    _summary, problems = load_files([path])
    assert problems == []
    orbiter = Mission.objects.get(slug="orbiter-one")
    assert (orbiter.status, str(orbiter.planned_launch), orbiter.version) == (
        "in_development",
        "2027-03",
        2,
    )
    # Relations not named in the file are left as they were.
    assert EditionPlan.objects.filter(mission=orbiter).count() == 1


BAD_FILE = """
missions:
  - slug: probe-a
    name: Probe A
    lead: NASA
    destination: lunar-orbit
    kind: science
    status: planned
    confidence: reported
    planned_launch: "2027-02-30"
  - slug: probe-b
    name: Probe B
    lead: NOPE
    destination: lunar-orbit
    kind: science
    status: planned
    confidence: reported
dependencies:
  - {from: probe-a, to: probe-b, kind: precursor_pathfinder}
  - {from: probe-b, to: probe-a, kind: precursor_pathfinder}
"""


def test_a_bad_file_writes_nothing_and_names_every_problem(base_data, write_file):
    before = table_counts()
    path = write_file("bad.yaml", BAD_FILE)
    summary, problems = load_files([path])
    assert summary is None
    assert table_counts() == before
    lines = [str(problem) for problem in problems]
    assert (
        f"{path}:9: missions[probe-a].planned_launch: '2027-02-30': day 30 does not exist in that month"
        in lines
    )
    assert f"{path}:12: missions[probe-b].lead: unknown agency 'NOPE'" in lines
    assert any(
        line.startswith(f"{path}:19: dependencies[2].to: dependencies form a cycle: ")
        for line in lines
    ), lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("missions: [", ":1: file: not valid YAML"),
        ("- just\n- a list\n", ":1: file: must be a mapping of sections"),
        ("planets: []\n", ":1: planets: unknown section"),
        (
            "agencies:\n  - code: X\n    code: Y\n    name: n\n",
            ":3: file: duplicate key 'code'",
        ),
        (
            "agencies:\n  - code: X\n    nmae: typo\n",
            ":3: agencies[X].nmae: unknown field",
        ),
        (
            "agencies:\n  - code: X\n    name: n\n  - code: X\n    name: m\n",
            ":4: agencies[X].code: duplicate code 'X'",
        ),
        (
            "destinations:\n  - {slug: Moon Base, name: m}\n",
            ":2: destinations[Moon Base].slug: 'Moon Base' is not a slug",
        ),
        (
            "missions:\n  - slug: m\n    name: M\n    lead: NASA\n    destination: mars\n    kind: science\n"
            "    status: flying\n    confidence: reported\n",
            ":7: missions[m].status: 'flying' is not one of",
        ),
        (
            "missions:\n  - slug: m\n    name: M\n    lead: NASA\n    destination: mars\n    kind: science\n"
            "    status: planned\n    confidence: reported\n",
            ":5: missions[m].destination: unknown destination 'mars'",
        ),
        (
            "missions:\n  - slug: m\n    name: M\n    lead: NASA\n    destination: lunar-orbit\n"
            "    kind: science\n    status: planned\n    confidence: reported\n"
            "    landing_site: {lat: -95, lon: 10}\n",
            ":9: missions[m].landing_site.lat: -95.0 is outside -90..90",
        ),
        (
            "agencies:\n  - code: X\n    name: n\n    sources: [ftp://x]\n",
            ":4: agencies[X].sources: 'ftp://x' is not an http(s) URL",
        ),
    ],
)
def test_each_kind_of_bad_input_is_named_with_its_line(
    base_data, write_file, text, expected
):
    before = table_counts()
    path = write_file("bad.yaml", text)
    summary, problems = load_files([path])
    assert summary is None
    assert any(expected in str(problem) for problem in problems), [
        str(p) for p in problems
    ]
    assert table_counts() == before


def test_a_file_that_is_not_utf8_is_refused(base_data, tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("agencies:\n  - code: X\n    name: Agência\n".encode("latin-1"))
    summary, problems = load_files([path])
    assert summary is None
    assert [str(p) for p in problems] == [f"{path}:3: file: is not UTF-8 text"]


def test_a_published_edition_cannot_be_changed_by_a_file(base_data, write_file):
    path = write_file(
        "change.yaml",
        """
        missions:
          - slug: orbiter-one
            name: Orbiter One
            lead: ESA
            destination: lunar-orbit
            kind: infrastructure
            status: planned
            confidence: reported
            plans:
              ED-A: {launch: "2023"}
    """,
    )
    summary, problems = load_files([path])
    assert summary is None
    assert "edition ED-A is published: its plans cannot change" in str(problems[0])
    assert str(EditionPlan.objects.get(mission__slug="orbiter-one").launch) == "2024"


def test_csv_missions_are_loaded_with_partners_and_sources(base_data, write_file):
    path = write_file(
        "missions.csv",
        """
        slug,name,lead,destination,crewed,kind,status,confidence,planned_launch,partners,sources
        rover-three,Rover Three,JAXA,lunar-south-pole,false,science,planned,reported,2029,ESA:instrument;NASA,https://example.org/a;https://example.org/b
    """,
    )
    _summary, problems = load_files([path])
    assert problems == []
    rover = Mission.objects.get(slug="rover-three")
    assert sorted((p.agency.code, p.role) for p in rover.partnerships.all()) == [
        ("ESA", "instrument"),
        ("NASA", ""),
    ]
    assert [s.url for s in rover.sources.all()] == [
        "https://example.org/a",
        "https://example.org/b",
    ]


def test_csv_problems_name_the_line_and_column(base_data, write_file):
    path = write_file(
        "missions.csv",
        """
        slug,name,lead,destination,kind,status,confidence,planned_launch
        ok-one,OK,NASA,lunar-orbit,science,planned,reported,2030
        bad-two,Bad,NASA,lunar-orbit,science,planned,reported,2030-14
    """,
    )
    summary, problems = load_files([path])
    assert summary is None
    assert [str(p) for p in problems] == [
        f"{path}:3: missions[bad-two].planned_launch: '2030-14': month 14 does not exist"
    ]
    assert not Mission.objects.filter(slug="ok-one").exists()


def test_former_names_resolve_to_the_agency(base_data, write_file):
    path = write_file(
        "renamed.yaml",
        """
        agencies:
          - {code: UK Space Agency, name: UK Space Agency, former_names: [BNSC]}
        missions:
          - {slug: m, name: M, lead: BNSC, destination: lunar-orbit, kind: science,
             status: planned, confidence: notional}
    """,
    )
    _summary, problems = load_files([path])
    assert problems == []
    assert Mission.objects.get(slug="m").lead.code == "UK Space Agency"
