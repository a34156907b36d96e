"""An image uploaded in the workspace shows, with its credit, in the built edition."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from ger.editions.services import publish_edition
from ger.editions.workflow import create_draft_edition
from ger.imagery.models import Image
from ger.imagery.services import attach_image
from ger.registry.services import create_account
from tests.images import jpeg_with_metadata, upload

pytestmark = pytest.mark.django_db


def pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def pdf_images(path: Path) -> set[tuple[int, int]]:
    """Return the sizes of the distinct pictures the PDF holds."""
    return {
        image.image.size
        for page in PdfReader(path).pages
        for image in page.images
        if image.image is not None
    }


def test_an_uploaded_image_is_in_the_site_and_the_pdf_with_its_credit(
    client, base_data, media_storage: Path, tmp_path: Path
):
    # The small data set: a short edition, whose PDF is quick to lay out and read.
    editor = create_account("planner@nasa.test", "editor", "NASA")
    chair = create_account("chair@isecg.test", "secretariat")
    client.force_login(editor)
    response = client.post(
        reverse("workspace:mission_images", args=["lander-two"]),
        {
            "file": upload(jpeg_with_metadata((1200, 800))),
            "alt_text": "Four astronauts in orange suits beside the capsule",
            "caption": "The Artemis II crew.",
            "credit": "NASA/Josh Valcarcel",
            "licence": "Public domain",
        },
    )
    assert response.status_code == 302
    mission_image = Image.objects.get()
    edition = create_draft_edition(
        code="GER-TEST-2027",
        slug="test-2027",
        title="Test edition 2027",
        kind="supplement",
        released="2026-12",
        user=chair,
    )
    attach_image(
        edition,
        upload(jpeg_with_metadata((900, 300))),
        alt_text="The scenario drawn as lanes from Earth orbit to Mars",
        credit="ISECG secretariat",
        licence="CC BY 4.0",
        user=chair,
    )
    publish_edition(edition)
    # Uploaded after publication: never part of this edition's build.
    attach_image(
        edition.plans.get(mission__slug="lander-two").mission,
        upload(jpeg_with_metadata((500, 500))),
        alt_text="Later picture",
        credit="Too late",
        licence="Public domain",
    )
    out = tmp_path / "out"
    call_command("build", "test-2027", "--out", str(out), verbosity=0)

    files = sorted(path.name for path in (out / "site/images").iterdir())
    assert len(files) == 2
    assert mission_image.file_name in files
    sums = (out / "SHA256SUMS").read_text()
    assert f"site/images/{mission_image.file_name}" in sums
    page = (out / "site/missions/lander-two.html").read_text()
    assert f'src="../images/{mission_image.file_name}"' in page
    assert 'alt="Four astronauts in orange suits beside the capsule"' in page
    assert "Credit: NASA/Josh Valcarcel · Licence: Public domain" in page
    index = (out / "site/index.html").read_text()
    assert "Images and their credits" in index
    assert f'src="images/{mission_image.file_name}"' in index
    assert "Credit: ISECG secretariat · Licence: CC BY 4.0" in index
    assert "Too late" not in index + page

    text = pdf_text(out / "roadmap.pdf")
    assert "Images and their credits" in text
    assert "Credit: NASA/Josh Valcarcel · Licence: Public domain" in text
    assert "Credit: ISECG secretariat · Licence: CC BY 4.0" in text
    assert "Too late" not in text
    assert pdf_images(out / "roadmap.pdf") == {(1200, 800), (900, 300)}
