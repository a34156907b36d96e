"""The analysis pages: HTML and JSON twins, bounded queries, and nothing written."""

from __future__ import annotations

import pytest
from django.utils.html import escape

pytestmark = pytest.mark.django_db

PAGES = [
    ("/analysis/coverage/", "coverage"),
    ("/analysis/partnerships/", "partnerships"),
    ("/analysis/schedule/", "schedule"),
    ("/analysis/risk/", "forecast"),
    ("/analysis/risk/backtest/?cutoff=2024-11-26", "backtest"),
    ("/analysis/proximity/", "proximity"),
]


def test_the_index_links_every_analysis(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        body = client.get("/analysis/").content.decode()
    for url, _name in PAGES:
        assert f'href="{url.split("?")[0]}"' in body


@pytest.mark.parametrize(("url", "name"), PAGES)
def test_each_page_answers_html_and_json_in_a_bounded_number_of_queries(
    client, seeded, django_assert_max_num_queries, url, name
):
    # A fixed number, whatever the plan's size (the live plan reads the editions'
    # statements of objectives too: 16 for the back-test page).
    with django_assert_max_num_queries(16):
        page = client.get(url)
    assert page.status_code == 200
    assert "This page as JSON" in page.content.decode()
    joiner = "&" if "?" in url else "?"
    data = client.get(f"{url}{joiner}format=json").json()
    assert data["analysis"] == name


def test_the_coverage_page_highlights_the_gaps(client, seeded):
    body = client.get("/analysis/coverage/?before=2030").content.decode()
    assert body.count('class="gap"') == len(
        client.get("/analysis/coverage/?before=2030&format=json").json()["gaps"]
    )
    assert "gap: no link recorded" in body
    assert "editorial link" in body


def test_the_partnerships_page_filters_by_agency_and_explains(client, seeded):
    response = client.get("/analysis/partnerships/?agency=ISRO")
    opportunities = response.context["result"].opportunities
    assert opportunities
    assert all(o.agencies[0] == "ISRO" for o in opportunities)
    assert escape(opportunities[0].explanation) in response.content.decode()
    assert "How the score is made" in response.content.decode()


def test_the_whatif_form_shows_what_moves_and_changes_nothing(
    client, seeded, database_rows, django_assert_max_num_queries
):
    before = database_rows()
    with django_assert_max_num_queries(15):
        response = client.get("/analysis/schedule/", {"move": "gateway-ppe-halo=+12"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "What moves" in body
    assert "leaves its window" in body
    data = client.get(
        "/analysis/schedule/", {"move": "gateway-ppe-halo=+12", "format": "json"}
    ).json()
    assert {row["slug"] for row in data["whatif"]["shifts"]} == {
        "gateway-ppe-halo",
        "artemis-iv",
    }
    assert database_rows() == before


def test_the_forecast_page_shows_how_the_model_fared_and_withholds_the_rest(
    client, seeded
):
    response = client.get("/analysis/risk/")
    body = response.content.decode()
    report = response.context["result"]
    assert "How the model fared" in body
    assert "plan plus median slip" in body
    validation = report.validation.as_dict()
    held, missions = validation["held_out"], validation["missions_held_out"]
    assert f'<td class="number" rowspan="3">{held} ({missions})</td>' in body
    assert "of at least 5 different missions" in body
    withheld = [row for row in report.missions if not row.reliable]
    assert withheld
    assert body.count("No reliable forecast") >= len(withheld)
    # The first crewed landing names its comparable cases.
    assert "First crewed landing" in body
    assert "Comparable cases:" in body or "No comparable past plan" in body


def test_the_proximity_page_draws_the_south_pole_map(client, seeded):
    body = client.get("/analysis/proximity/?threshold=150").content.decode()
    assert "<svg" in body
    assert "South polar region" in body
    assert "Chandrayaan-3" in body


def test_bad_parameters_are_explained_and_unknown_editions_are_404(client, seeded):
    bad = client.get("/analysis/risk/backtest/?seed=lots")
    assert bad.status_code == 400
    assert "seed must be a number" in bad.content.decode()
    assert client.get("/analysis/risk/backtest/?seed=lots&format=json").json() == {
        "error": "seed must be a number, not 'lots'"
    }
    launched = client.get("/analysis/schedule/", {"move": "artemis-ii=+3"})
    assert launched.status_code == 400
    assert client.get("/analysis/coverage/?edition=nope").status_code == 404


def test_an_edition_can_be_chosen_on_every_page(client, seeded):
    data = client.get("/analysis/coverage/?edition=2022-supplement&format=json").json()
    assert data["source"]["label"] == "GER-SUPP-2022"
