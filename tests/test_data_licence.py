"""The data's licence and attribution line on the about page and each edition's page,
the same line as the edition's data package gives, and a deployment's own licence."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import override_settings

from ger.datalicence import LICENCES, attribution, data_licence
from ger.editions.models import Edition
from ger.exports.services import build_export

pytestmark = pytest.mark.django_db

CC_BY_URL = "https://creativecommons.org/licenses/by/4.0/"


def package_attribution(edition: Edition) -> str:
    rendered = build_export("datapackage", {}, edition)
    archive = zipfile.ZipFile(io.BytesIO(rendered.content))
    return json.loads(archive.read("datapackage.json"))["ger"]["attribution"]


def test_the_default_licence_is_cc_by_4_0():
    licence = data_licence()
    assert licence is LICENCES["CC-BY-4.0"]
    assert licence.as_descriptor() == {
        "name": "CC-BY-4.0",
        "path": CC_BY_URL,
        "title": "Creative Commons Attribution 4.0 International",
    }


def test_the_attribution_line_names_the_edition_its_date_and_the_source():
    assert attribution("The Roadmap", "GER-9", "2024-08") == (
        "Global Exploration Roadmap data, The Roadmap (GER-9, August 2024), "
        "GER platform, CC BY 4.0"
    )
    assert attribution("The Roadmap", "GER-9", "2025") == (
        "Global Exploration Roadmap data, The Roadmap (GER-9, 2025), "
        "GER platform, CC BY 4.0"
    )
    assert "(GER-9, not released)" in attribution("The Roadmap", "GER-9", None)


def test_the_about_page_states_the_licence_and_the_lines_to_copy(client, seeded):
    body = client.get("/about/").content.decode()
    assert 'id="licence"' in body
    assert f'<a href="{CC_BY_URL}">' in body
    assert "Creative Commons Attribution 4.0 International licence (CC BY 4.0)" in body
    latest = Edition.objects.get(code="GER-4")
    assert package_attribution(latest) in body
    data = client.get("/about/?format=json").json()
    assert data["licence"]["name"] == "CC-BY-4.0"
    lines = {item["edition"]: item["line"] for item in data["attribution"]}
    assert lines["GER-4"] == package_attribution(latest)
    draft = Edition.objects.get(status=Edition.Status.DRAFT)
    assert lines[draft.code] == package_attribution(draft)


def test_an_editions_page_gives_the_line_of_its_data_package(client, seeded):
    edition = Edition.objects.get(slug="2022-supplement")
    body = client.get("/editions/2022-supplement/").content.decode()
    assert f'<code class="attribution">{package_attribution(edition)}</code>' in body
    data = client.get("/editions/2022-supplement/?format=json").json()
    assert data["attribution"] == package_attribution(edition)
    assert data["licence"]["path"] == CC_BY_URL
    draft = client.get("/editions/current/").content.decode()
    assert 'href="/about/#licence"' in draft


def test_the_pages_speak_french_and_spanish(client, seeded):
    french = client.get("/fr/about/").content.decode()
    assert "Licence et attribution" in french
    assert "Données de la Global Exploration Roadmap, " in french
    spanish = client.get("/es/editions/2022-supplement/").content.decode()
    assert "Cítelos así:" in spanish
    assert "Datos de la Global Exploration Roadmap, " in spanish


@override_settings(GER_DATA_LICENCE="CC-BY-SA-4.0")
def test_a_deployment_that_names_another_licence_shows_it(client, seeded):
    body = client.get("/about/").content.decode()
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in body
    assert "(CC BY-SA 4.0)" in body
    assert CC_BY_URL not in body
