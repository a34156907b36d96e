from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command

from ger.editions.models import Edition
from ger.plans.models import Mission

pytestmark = pytest.mark.django_db

PAGES = [
    ("/", 9),  # with one query for the missions under each top-level destination
    ("/agencies/", 4),
    ("/agencies/jaxa/", 18),
    ("/missions/", 16),
    ("/missions/?agency=JAXA&crewed=false&ordering=-planned", 16),
    ("/missions/artemis-iii/", 30),
    ("/timeline/", 8),
    ("/timeline/?group=agency&destination=lunar-surface", 8),
    ("/objectives/", 8),
    ("/destinations/", 4),
    ("/destinations/lunar-surface/", 10),
    ("/editions/", 4),
    # ... and one for the edition's images
    ("/editions/2022-supplement/", 5),
    # the working draft: the edition, its snapshot, the destinations' names in the
    # reader's language and the edition's images (all read afresh, nothing kept)
    ("/editions/current/", 6),
    ("/search/?q=artemis", 4),
    # with the coverage counts (destinations, statuses, source tiers) and the
    # attribution lines of the latest edition and the working draft
    ("/about/", 14),
]


@pytest.mark.parametrize(("url", "max_queries"), PAGES)
def test_every_page_renders_with_a_bounded_number_of_queries(
    client, seeded, django_assert_max_num_queries, url, max_queries
):
    with django_assert_max_num_queries(max_queries):
        response = client.get(url)
    assert response.status_code == 200
    assert b"<main" in response.content


@pytest.mark.parametrize(("url", "max_queries"), PAGES)
def test_every_page_has_a_json_twin(client, seeded, url, max_queries):
    separator = "&" if "?" in url else "?"
    by_parameter = client.get(f"{url}{separator}format=json")
    by_header = client.get(url, HTTP_ACCEPT="application/json")
    assert by_parameter.status_code == by_header.status_code == 200
    assert by_parameter["Content-Type"] == "application/json"
    # The same data; the links to the next and previous pages keep each one's form.
    by_parameter_data, by_header_data = (
        json.loads(response.content) for response in (by_parameter, by_header)
    )
    for data in (by_parameter_data, by_header_data):
        if isinstance(data, dict):
            data.pop("next", None)
            data.pop("previous", None)
    assert by_parameter_data == by_header_data
    assert "Accept" in by_parameter["Vary"]


def test_the_home_page_shows_the_membership_chart_and_the_member_count(client, seeded):
    response = client.get("/")
    body = response.content.decode()
    assert response.context["member_count"] == 27
    assert "<svg" in body
    assert "Member agencies over time" in body
    data = client.get("/?format=json").json()
    assert next(c["count"] for c in data["membership_counts"]) == 14
    assert max(c["count"] for c in data["membership_counts"]) == 27
    assert data["latest_edition"]["code"] == "GER-4"


def test_the_agency_list_has_the_27_members_alphabetically(client, seeded):
    data = client.get("/agencies/?format=json").json()
    codes = [agency["code"] for agency in data["agencies"]]
    assert len(codes) == 27
    assert codes == sorted(codes, key=str.lower)
    jaxa = next(a for a in data["agencies"] if a["code"] == "JAXA")
    assert jaxa["missions_led"] >= 3


def test_an_agency_page_shows_its_missions_partners_and_timeline(client, seeded):
    response = client.get("/agencies/isro/")
    body = response.content.decode()
    names = [mission.name for mission in response.context["missions"]]
    assert "Chandrayaan-3" in names
    assert any(m.slug == "lupex" for m in response.context["missions"])
    assert "JAXA" in [p.code for p in response.context["partners"]]
    assert 'class="chart timeline"' in body


def test_the_mission_list_filters_and_counts_facets(client, seeded):
    data = client.get("/missions/?agency=JAXA&format=json").json()
    slugs = {m["slug"] for m in data["missions"]}
    assert {"slim", "lupex"} <= slugs
    assert all(
        m["lead"] == "JAXA" or any(p["agency"] == "JAXA" for p in m["partners"])
        for m in data["missions"]
    )
    # The agency facet counts over the other filters, not over JAXA alone.
    agency_values = {f["value"] for f in data["facets"]["agency"]}
    assert {"NASA", "ESA", "JAXA"} <= agency_values
    crewed = client.get("/missions/?crewed=true&format=json").json()
    assert crewed["count"] == Mission.objects.filter(crewed=True).count()
    assert all(m["crewed"] for m in crewed["missions"])


def test_destination_filters_include_sub_destinations(client, seeded):
    data = client.get("/missions/?destination=lunar-surface&format=json").json()
    destinations = {m["destination"] for m in data["missions"]}
    assert "lunar-south-pole" in destinations
    assert destinations <= {
        "lunar-surface",
        "lunar-south-pole",
        "lunar-far-side",
        "lunar-near-side",
    }


def test_planned_year_range_and_ordering(client, seeded):
    data = client.get(
        "/missions/?planned_after=2027&planned_before=2028&ordering=planned&format=json"
    ).json()
    years = [int(m["planned_launch"].split()[-1][:4]) for m in data["missions"]]
    assert years
    assert all(2027 <= year <= 2028 for year in years)
    assert years == sorted(years)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("status=flying", "status"),
        ("crewed=maybe", "crewed"),
        ("planned_after=soon", "planned_after"),
        ("ordering=random", "ordering"),
        ("planned_after=2030&planned_before=2020", "planned_before"),
    ],
)
def test_bad_filters_are_refused_naming_the_parameter(client, seeded, query, parameter):
    response = client.get(f"/missions/?{query}")
    assert response.status_code == 400
    assert parameter in response.content.decode()
    data = client.get(f"/missions/?{query}&format=json").json()
    assert parameter in data["error"]["fields"]


def test_an_empty_result_is_a_page_not_an_error(client, seeded):
    response = client.get("/missions/?agency=NZSA&crewed=true")
    assert response.status_code == 200
    assert "No mission matches these filters." in response.content.decode()


def test_the_csv_download_holds_exactly_the_filtered_rows(client, seeded):
    listing = client.get(
        "/missions/?destination=lunar-south-pole&status=planned&format=json"
    ).json()
    response = client.get(
        "/missions/export.csv?destination=lunar-south-pole&status=planned"
    )
    assert response["Content-Disposition"] == 'attachment; filename="missions.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["slug"] for row in rows] == [m["slug"] for m in listing["missions"]]
    assert listing["count"] == len(rows) > 0
    exported = json.loads(
        client.get(
            "/missions/export.json?destination=lunar-south-pole&status=planned"
        ).content
    )
    assert [m["slug"] for m in exported["missions"]] == [row["slug"] for row in rows]


def test_csv_cells_cannot_become_spreadsheet_formulas(client, seeded):
    Mission.objects.filter(slug="slim").update(
        planned_launch_note='=HYPERLINK("http://x")'
    )
    response = client.get("/missions/export.csv?lead=JAXA")
    rows = {
        row["slug"]: row
        for row in csv.DictReader(io.StringIO(response.content.decode()))
    }
    assert rows["slim"]["planned_launch_note"].startswith("'=")


def test_a_mission_page_shows_every_plan_and_both_dependency_directions(client, seeded):
    response = client.get("/missions/chandrayaan-3/")
    data = client.get("/missions/chandrayaan-3/?format=json").json()
    # The current issue of each edition: the corrected 2020 supplement holds no
    # statement on Chandrayaan-3 (its only source is dated after the release).
    assert [p["edition"] for p in data["plans"]] == ["GER-SUPP-2022-E1"]
    assert data["actual_launch"] == "2023-07-14"
    assert {d["mission"] for d in data["depends_on"]} == {"chandrayaan-2"}
    assert "lupex" in {d["mission"] for d in data["enables"]}
    assert data["sources"]
    assert "reconstructed from public reporting" in response.content.decode()


@pytest.mark.parametrize("slug", ["chandrayaan-3", "artemis-iii", "lupex"])
def test_a_mission_pages_json_twin_is_the_apis_mission(client, seeded, slug):
    twin = client.get(f"/missions/{slug}/", HTTP_ACCEPT="application/json")
    api = client.get(f"/api/v1/missions/{slug}")
    assert twin.status_code == api.status_code == 200
    assert twin.json() == api.json()
    assert twin.json()["slug"] == slug


def test_a_mission_lists_json_twin_holds_the_apis_missions(client, seeded):
    twin = client.get("/missions/?agency=JAXA&format=json").json()
    api = client.get("/api/v1/missions?agency=JAXA&limit=500").json()
    by_slug = {m["slug"]: m for m in api["results"]}
    assert twin["missions"]
    for mission in twin["missions"]:
        assert mission == by_slug[mission["slug"]]


def test_the_timeline_draws_every_mission_of_the_current_plan(client, seeded):
    data = client.get("/timeline/?format=json").json()
    assert data["count"] == Mission.objects.count()
    body = client.get("/timeline/").content.decode()
    for mission in Mission.objects.all():
        assert f'href="/missions/{mission.slug}/"' in body


def test_the_timeline_draws_a_year_precision_plan_as_a_whole_year(client, seeded):
    data = client.get("/timeline/?format=json").json()
    items = {item["mission"]: item for item in data["items"]}
    lupex = Mission.objects.get(slug="lupex")
    assert lupex.planned_launch.precision == "year"
    year = lupex.planned_launch.start.year
    assert (items["lupex"]["start"], items["lupex"]["end"]) == (
        f"{year}-01-01",
        f"{year}-12-31",
    )
    assert items["lupex"]["no_earlier_than"] is True
    assert items["artemis-i"]["start"] == items["artemis-i"]["end"] == "2022-11-16"


def test_the_timeline_groups_by_agency_when_asked(client, seeded):
    data = client.get("/timeline/?group=agency&format=json").json()
    assert {item["lane"] for item in data["items"]} >= {"NASA", "CNSA", "JAXA"}
    assert client.get("/timeline/?group=planet").status_code == 400


def test_the_objectives_page_highlights_gaps(client, seeded):
    data = client.get("/objectives/?format=json").json()
    assert len(data["goals"]) == 8
    gaps = [o["code"] for o in data["objectives"] if o["gap"]]
    covered = [o for o in data["objectives"] if not o["gap"]]
    assert gaps
    assert covered
    assert all(o["editorial_only"] for o in covered)
    assert all(o["mission_count"] == sum(o["agencies"].values()) for o in covered)
    assert all(o["mission_count"] == 0 for o in data["objectives"] if o["gap"])
    first = covered[0]
    assert first["missions_url"] == f"/missions/?objective={first['code']}"
    listed = client.get(f"{first['missions_url']}&format=json").json()
    assert listed["count"] == first["mission_count"]
    page = client.get("/objectives/").content.decode()
    assert f'href="/missions/?objective={first["code"]}"' in page


def test_the_lunar_surface_page_maps_south_polar_sites(client, seeded):
    response = client.get("/destinations/lunar-surface/")
    body = response.content.decode()
    assert "polar-map" in body
    names = {site.name for site in response.context["sites"]}
    assert "Chandrayaan-3" in names
    assert "69.37°S" in body


def test_the_edition_list_runs_from_2007_to_the_working_draft(client, seeded):
    data = client.get("/editions/?format=json").json()
    codes = [e["code"] for e in data["editions"]]
    assert codes[0] == "GES-2007"
    assert codes[-1] == "GER-CURRENT"


def test_an_edition_page_shows_its_snapshot(client, seeded):
    response = client.get("/editions/2022-supplement/")
    assert len(response.context["missions"]) == 30
    download = client.get("/editions/2022-supplement/snapshot.json")
    edition = Edition.objects.get(code="GER-SUPP-2022")
    assert download["ETag"] == f'"{edition.snapshot_sha256}"'
    assert json.loads(download.content) == edition.snapshot


def test_editions_in_review_are_not_public(client, seeded):
    Edition.objects.create(
        code="X", slug="secret", title="In review", kind="roadmap", status="review"
    )
    assert client.get("/editions/secret/").status_code == 404
    assert "X" not in [
        e["code"] for e in client.get("/editions/?format=json").json()["editions"]
    ]


@pytest.mark.parametrize(
    "url",
    ["/agencies/nope/", "/missions/nope/", "/editions/nope/", "/destinations/nope/"],
)
def test_unknown_records_are_a_404_page(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 404


def test_search_finds_missions_by_name_alias_and_agency(client, seeded):
    by_name = client.get("/search/?q=Artemis&format=json").json()
    assert by_name["results"][0]["url"].startswith("/missions/artemis")
    assert "<mark>" in by_name["results"][0]["title"]
    by_alias = client.get("/search/?q=Chandrayaan-5&format=json").json()
    assert "/missions/lupex/" in [r["url"] for r in by_alias["results"]]
    by_agency = client.get("/search/?q=Roscosmos&format=json").json()
    urls = [r["url"] for r in by_agency["results"]]
    assert "/agencies/roscosmos/" in urls
    assert "/missions/luna-25/" in urls
    prefix = client.get("/search/?q=arte&format=json").json()
    assert prefix["count"] >= 3


def test_search_escapes_text_and_ignores_operators(client, seeded):
    Mission.objects.filter(slug="slim").update(
        # "OR" is read as a word like any other: the text holds it.
        description="<script>alert(1)</script> pinpoint or nothing"
    )
    call_command("reindex", verbosity=0)
    data = client.get('/search/?q=pinpoint" OR *&format=json').json()
    assert data["count"] >= 1
    assert "<script>" not in json.dumps(data)
    assert client.get("/search/?q=%22%22%22").status_code == 200


def test_search_follows_edits_of_single_records(client, seeded):
    mission = Mission.objects.get(slug="slim")
    mission.name = "SLIM Moon Sniper"
    mission.save()
    data = client.get("/search/?q=sniper&format=json").json()
    assert [r["url"] for r in data["results"]] == ["/missions/slim/"]


def test_mission_descriptions_are_sanitized(client, seeded):
    Mission.objects.filter(slug="slim").update(
        description="**Pinpoint** <script>alert(1)</script> [x](javascript:alert(1))"
    )
    body = client.get("/missions/slim/").content.decode()
    assert "<strong>Pinpoint</strong>" in body
    assert "<script>alert(1)" not in body
    assert 'href="javascript:' not in body
