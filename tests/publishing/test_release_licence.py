"""A build's licence: the data release validates and names CC BY 4.0, the PDF's colophon
and every page of the static site state it with the attribution line to copy."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from frictionless import validate
from pypdf import PdfReader

from tests.publishing.conftest import Built

pytestmark = pytest.mark.django_db

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = (
    "Global Exploration Roadmap data, 2022 GER Supplement (update to the 2020 Lunar "
    "Supplement) (corrected re-issue 1) (GER-SUPP-2022-E1, October 2022), GER "
    "platform, CC BY 4.0"
)


@pytest.mark.parametrize("folder", ["data", "site/downloads"])
def test_the_release_data_package_validates_and_names_cc_by(built: Built, folder):
    descriptor_path = built.out / folder / "datapackage.json"
    report = validate(str(descriptor_path))
    assert report.valid, report.flatten(["type", "note"])
    assert [task.name for task in report.tasks] == [
        "missions",
        "plans",
        "partners",
        "agencies",
        "dependencies",
    ]
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    assert [(lic["name"], lic["path"]) for lic in descriptor["licenses"]] == [
        ("CC-BY-4.0", LICENCE_URL)
    ]
    assert descriptor["ger"]["attribution"] == ATTRIBUTION


def test_the_pdf_colophon_names_the_licence_and_the_attribution(built: Built):
    # The colophon closes the document.
    colophon = re.sub(r"\s+", " ", PdfReader(built.pdf).pages[-1].extract_text())
    assert "Colophon" in colophon
    assert "Creative Commons Attribution 4.0 International licence (CC BY 4.0)" in (
        colophon
    )
    assert LICENCE_URL in colophon
    # A narrow column may break the title after a hyphen.
    assert f"Credit it as: {ATTRIBUTION}" in colophon.replace("re- issue", "re-issue")


def test_every_page_of_the_static_site_states_the_licence(built: Built):
    pages = sorted((built.out / "site").rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        text = unescape(re.sub(r"\s+", " ", page.read_text(encoding="utf-8")))
        assert f'<a href="{LICENCE_URL}">' in text, page
        assert ATTRIBUTION in text, page
