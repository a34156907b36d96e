"""Each published edition's page offers its PDF, site archive and data release.

The files are packaged once (at publication, or on the first request for the
editions published before) and then served as kept, with their SHA-256.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from ger.editions.models import Edition

pytestmark = pytest.mark.django_db

KINDS = ("edition_pdf", "edition_site", "edition_data", "edition_checksums")


@pytest.fixture(autouse=True)
def downloads_in_a_temporary_folder(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_published_edition_page_links_its_downloads(client, seeded, language):
    published = list(Edition.objects.published())
    assert len(published) >= 8
    for edition in published:
        with translation.override(language):
            page = client.get(reverse("web:edition", args=[edition.slug]))
            links = [
                reverse(f"publishing:{kind}", args=[edition.slug]) for kind in KINDS
            ]
        html = page.content.decode()
        for link in links:
            assert f'href="{link}"' in html, (edition.slug, link)


def test_a_bundled_edition_is_packaged_on_first_request_then_kept(
    client, seeded, tmp_path, monkeypatch, pdf_stand_in
):
    url = "/editions/2022-supplement/roadmap.pdf"
    assert not (tmp_path / "downloads").exists()  # seeding built nothing
    pdf = client.get(url)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    content = body(pdf)
    assert content.startswith(b"%PDF-")
    digest = hashlib.sha256(content).digest()
    assert pdf["Repr-Digest"] == f"sha-256=:{base64.b64encode(digest).decode()}:"
    assert "ger-2022-supplement-en-roadmap.pdf" in pdf["Content-Disposition"]

    # Kept: the next requests build nothing.
    def no_build(*args: object) -> None:
        raise AssertionError("built again")

    monkeypatch.setattr("ger.publishing.downloads.build_edition", no_build)
    sums = client.get("/editions/2022-supplement/SHA256SUMS")
    listed = dict(
        reversed(line.split("  ")) for line in body(sums).decode().splitlines()
    )
    assert (
        listed["ger-2022-supplement-en-roadmap.pdf"]
        == hashlib.sha256(content).hexdigest()
    )
    site = client.get("/editions/2022-supplement/site.zip")
    site_bytes = body(site)
    assert (
        listed["ger-2022-supplement-en-site.zip"]
        == hashlib.sha256(site_bytes).hexdigest()
    )
    names = zipfile.ZipFile(io.BytesIO(site_bytes)).namelist()
    assert "ger-2022-supplement-en-site/index.html" in names
    data = body(client.get("/editions/2022-supplement/data.zip"))
    assert listed["ger-2022-supplement-en-data.zip"] == hashlib.sha256(data).hexdigest()
    data_names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "ger-2022-supplement-en-data/datapackage.json" in data_names


def test_each_edition_and_language_keeps_its_own_files(
    client, seeded, tmp_path, pdf_stand_in
):
    first = body(client.get("/editions/2022-supplement/roadmap.pdf"))
    corrected = client.get("/editions/2022-supplement-e1/roadmap.pdf")
    assert corrected.status_code == 200
    assert body(corrected) != first
    french = client.get("/fr/editions/2022-supplement/roadmap.pdf")
    assert french["Content-Language"] == "fr"
    assert "ger-2022-supplement-fr-roadmap.pdf" in french["Content-Disposition"]
    assert body(french) != first
    # The first edition's files are untouched by the others.
    kept = tmp_path / "downloads/2022-supplement/en/ger-2022-supplement-en-roadmap.pdf"
    assert kept.read_bytes() == first


def test_a_draft_edition_has_no_downloads(client, seeded, tmp_path):
    draft = Edition.objects.exclude(status="published").first()
    assert draft is not None
    assert client.get(f"/editions/{draft.slug}/roadmap.pdf").status_code == 404
    assert client.get("/editions/no-such-edition/data.zip").status_code == 404
    assert not (tmp_path / "downloads").exists()


def test_a_build_that_fails_answers_503_with_the_reason_and_keeps_nothing(
    client, seeded, tmp_path, monkeypatch
):
    monkeypatch.setattr(
        "ger.publishing.build.release.missing_fonts",
        lambda: [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")],
    )
    response = client.get("/editions/2020-supplement/roadmap.pdf")
    assert response.status_code == 503
    assert "fonts-dejavu-core" in response.content.decode()
    assert not (tmp_path / "downloads/2020-supplement/en").exists()
