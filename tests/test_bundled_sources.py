"""The lunar data's sources against the research that graded them (better_sources.yaml).

``tests/data/better_sources.yaml`` is a copy of the shared research file: for the 44
lunar missions it lists better sources (agency, official document, press) with their
tier, the existing URLs unfit for a public document (``weak_existing``), and a summary
of how many missions have an agency or official source. The bundled data must carry
every better source with its tier, grade every weak URL ``other``, and reach at least
the summary's share of missions whose best source can be cited.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings

from ger.editions.models import Edition
from ger.plans.coverage import best_tier
from ger.plans.models import Dependency, Mission, MissionCapability, MissionSource
from ger.plans.sources import CITABLE_TIERS, SourceTier
from ger.registry.models import Agency, MembershipCount

pytestmark = pytest.mark.django_db

RESEARCH = Path(__file__).parent / "data" / "better_sources.yaml"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "better_sources.yaml"

# The research names missions as the shared data did; the bundled data merges names.
SLUGS = {
    "Artemis I": "artemis-i",
    "Artemis II": "artemis-ii",
    "Artemis III (incl. 2020 'Human return to lunar surface / Phase 1')": "artemis-iii",
    "Artemis IV": "artemis-iv",
    "Gateway PPE + HALO": "gateway-ppe-halo",
    "Gateway I-Hab": "gateway-i-hab",
    "Gateway ESPRIT": "gateway-esprit",
    "Starship HLS (Option A / Option B)": "starship-hls",
    "CAPSTONE": "capstone",
    "KPLO / Danuri (with NASA ShadowCam)": "kplo-danuri",
    "VIPER": "viper",
    "Peregrine Mission One (CLPS)": "peregrine-mission-one",
    "Griffin Mission One (Astrobotic, CLPS)": "astrobotic-griffin",
    "Lunar-VISE (CLPS, Gruithuisen Domes)": "lunar-vise",
    "Lunar Trailblazer": "lunar-trailblazer",
    "IM-1 Odysseus (CLPS)": "im-1",
    "IM-2 Athena (CLPS, with PRIME-1)": "im-2",
    "Blue Ghost Mission 1 (Firefly, CLPS)": "blue-ghost-m1",
    "Blue Ghost Mission 2 (Firefly, CLPS CS-3)": "blue-ghost-m2",
    "Chang'e 3": "chang-e-3",
    "Chang'e 4": "chang-e-4",
    "Chang'e 5": "chang-e-5",
    "Chang'e 6": "chang-e-6",
    "Chang'e 7": "chang-e-7",
    "Chang'e 8": "chang-e-8",
    "Queqiao relay satellite (2018)": "queqiao",
    "Queqiao-2 relay satellite": "queqiao-2",
    "International Lunar Research Station (ILRS)": "ilrs",
    "Luna 25": "luna-25",
    "Luna 26": "luna-26",
    "Luna 27": "luna-27",
    "Luna 28": "luna-28",
    "SLIM": "slim",
    "LUPEX (Chandrayaan-5)": "lupex",
    "Chandrayaan-2 (orbiter; Vikram lander)": "chandrayaan-2",
    "Chandrayaan-3": "chandrayaan-3",
    "HAKUTO-R Mission 1 (with Rashid and SORA-Q)": "hakuto-r-m1",
    "Rashid rover (Emirates Lunar Mission)": "rashid",
    "HAKUTO-R Mission 2 (Resilience, Tenacious)": "hakuto-r-m2",
    "Lunar Pathfinder": "lunar-pathfinder",
    "Argonaut (European Large Logistics Lander)": "argonaut",
    "Canadian Lunar Rover Mission": "canadian-lunar-rover",
    "JAXA pressurized rover (Lunar Cruiser)": "jaxa-pressurized-rover",
    "Beresheet": "beresheet",
}


@pytest.fixture(scope="module")
def research() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(RESEARCH.read_text(encoding="utf-8"))
    return data


def lunar_slugs() -> list[str]:
    """Return the slugs of the lunar missions (the bundled missions.yaml)."""
    path = Path(settings.GER_DATA_DIR) / "missions.yaml"
    return [
        m["slug"] for m in yaml.safe_load(path.read_text(encoding="utf-8"))["missions"]
    ]


def graded_sources() -> list[tuple[str, str, str]]:
    """Return (where, url, tier) of every current source: not the published editions'.

    Published editions are frozen as they were first published, their statements
    and their own sources alike (bare URLs); each URL a statement cites is also
    among its mission's own sources, graded there.
    """
    found = [
        (f"mission {slug}", url, tier)
        for slug, url, tier in MissionSource.objects.values_list(
            "mission__slug", "url", "tier"
        )
    ]
    json_rows: list[tuple[str, list[Any]]] = []
    json_rows += [
        (f"capability of {slug}", sources)
        for slug, sources in MissionCapability.objects.values_list(
            "mission__slug", "sources"
        )
    ]
    json_rows += [
        (f"dependency {up} -> {down}", sources)
        for up, down, sources in Dependency.objects.values_list(
            "upstream__slug", "downstream__slug", "sources"
        )
    ]
    json_rows += [
        (f"agency {code}", sources)
        for code, sources in Agency.objects.values_list("code", "sources")
    ]
    json_rows += [
        (f"membership count {day}", sources)
        for day, sources in MembershipCount.objects.values_list("counted_on", "sources")
    ]
    # A published edition's own sources are part of its frozen record, like its
    # statements: only editions still in draft can be graded.
    json_rows += [
        (f"edition {code}", sources)
        for code, sources in Edition.objects.exclude(
            status=Edition.Status.PUBLISHED
        ).values_list("code", "sources")
    ]
    for where, sources in json_rows:
        for source in sources:
            if isinstance(source, dict):
                found.append((where, source.get("url", ""), source.get("tier", "")))
            else:
                found.append((where, str(source), ""))
    return found


def test_the_research_copy_is_the_shared_file():
    if not SHARED.exists():
        pytest.skip(f"the shared data is not beside this checkout ({SHARED})")
    assert RESEARCH.read_bytes() == SHARED.read_bytes(), (
        f"{RESEARCH} differs from {SHARED}: copy the shared file again"
    )


def test_every_research_mission_is_a_bundled_lunar_mission(research):
    named = {m["mission"] for m in research["missions"]}
    assert named == set(SLUGS)
    assert set(SLUGS.values()) <= set(lunar_slugs())


def test_every_better_source_is_on_its_mission_with_its_tier(seeded, research):
    sources = {
        (slug, url): (tier, title, publisher)
        for slug, url, tier, title, publisher in MissionSource.objects.values_list(
            "mission__slug", "url", "tier", "title", "publisher"
        )
    }
    missing, wrong = [], []
    count = 0
    for mission in research["missions"]:
        slug = SLUGS[mission["mission"]]
        for source in mission["sources"]:
            count += 1
            found = sources.get((slug, source["url"]))
            if found is None:
                missing.append(f"{slug}: {source['url']}")
            elif found[0] != source["tier"] or not found[1] or not found[2]:
                wrong.append(f"{slug}: {source['url']} has {found}")
    assert count == 169
    assert not missing, "better sources missing:\n" + "\n".join(missing)
    assert not wrong, "better sources without their tier, title or publisher:\n" + (
        "\n".join(wrong)
    )


def test_every_weak_url_still_present_is_graded_other(seeded, research):
    weak = {url for m in research["missions"] for url in m.get("weak_existing", [])}
    assert len(weak) == 100
    present = [
        (where, url, tier) for where, url, tier in graded_sources() if url in weak
    ]
    assert present, "the weak URLs are cited in the bundled data"
    not_other = [
        f"{where}: {url} ({tier or 'not graded'})"
        for where, url, tier in present
        if tier != SourceTier.OTHER
    ]
    assert not not_other, "weak URLs not graded 'other':\n" + "\n".join(not_other)


def test_every_current_source_of_the_lunar_data_is_graded(seeded):
    lunar = set(lunar_slugs())
    ungraded = [
        f"{where}: {url}"
        for where, url, tier in graded_sources()
        if not tier
        and (
            not where.startswith("mission ") or where.removeprefix("mission ") in lunar
        )
    ]
    assert not ungraded, "sources without a tier:\n" + "\n".join(ungraded)


def test_the_published_statements_cite_only_graded_mission_sources(seeded):
    graded = set(
        MissionSource.objects.exclude(tier="").values_list("mission__slug", "url")
    )
    cited = []
    for mission in Mission.objects.filter(slug__in=lunar_slugs()).prefetch_related(
        "edition_plans"
    ):
        for plan in mission.edition_plans.all():
            for source in plan.sources:
                url = source["url"] if isinstance(source, dict) else source
                if url and (mission.slug, url) not in graded:
                    cited.append(f"{mission.slug} ({plan.edition_id}): {url}")
    assert not cited, "statement sources not graded on the mission:\n" + "\n".join(
        cited
    )


def test_the_share_of_missions_with_a_citable_best_source(seeded, research, capsys):
    tiers: dict[str, list[str]] = defaultdict(list)
    for slug, tier in MissionSource.objects.values_list("mission__slug", "tier"):
        tiers[slug].append(tier)
    lunar = lunar_slugs()
    best = {slug: best_tier(tiers[slug]) for slug in lunar}
    covered = [SLUGS[m["mission"]] for m in research["missions"]]
    summary = research["summary"]
    assert summary["missions_covered"] == len(covered) == 44

    strong = {SourceTier.AGENCY, SourceTier.OFFICIAL_DOCUMENT}
    covered_strong = sum(best[slug] in strong for slug in covered)
    covered_citable = sum(best[slug] in CITABLE_TIERS for slug in covered)
    lunar_citable = sum(best[slug] in CITABLE_TIERS for slug in lunar)
    # The summary: missions with an agency or official source (reposts included),
    # and those without one, each of which the research gives a press source.
    expected_strong = summary["with_agency_or_official_source_including_reposts"]
    expected_citable = expected_strong + len(
        summary["without_any_agency_or_official_source"]
    )
    with capsys.disabled():
        print(
            f"\nlunar missions whose best source is agency, official document or press: "
            f"{lunar_citable}/{len(lunar)} ({lunar_citable / len(lunar):.0%}); "
            f"of the {len(covered)} the research covers: {covered_citable} "
            f"(summary: {expected_citable}), agency or official: {covered_strong} "
            f"(summary: {expected_strong})"
        )
    assert covered_strong >= expected_strong
    assert covered_citable >= expected_citable
    assert lunar_citable / len(lunar) >= expected_citable / len(covered)
