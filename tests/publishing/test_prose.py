"""Edition prose: written while the edition is a draft, sanitized, frozen on publication."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from pypdf import PdfReader

from ger.editions.models import Edition, EditionImmutableError, EditionProse
from ger.editions.services import publish_edition
from ger.editions.workflow import create_draft_edition
from ger.publishing.services import save_prose

pytestmark = pytest.mark.django_db

PROSE = (
    "Our **shared** plan for the Moon.\n\n<script>alert('x')</script>\n\n### Why now"
)


def draft_2023() -> Edition:
    """A draft of the current plan (the small data set's two missions, or the bundled
    data's hundred and more for the test that compares it with the 2022 supplement)."""
    user = User.objects.create_user("chair@isecg.test")
    return create_draft_edition(
        code="GER-TEST-2023",
        slug="test-2023",
        title="Test edition 2023",
        kind="supplement",
        released="2026-12",
        user=user,
    )


def test_prose_shows_sanitized_in_the_site_and_the_pdf(base_data, tmp_path: Path):
    edition = draft_2023()
    assert (
        save_prose(
            edition, {"introduction": PROSE, "scenario": "Lanes *by* destination."}
        )
        == 2
    )
    publish_edition(edition)
    call_command("build", "test-2023", "--out", str(tmp_path / "out"), verbosity=0)
    index = (tmp_path / "out/site/index.html").read_text()
    assert "<strong>shared</strong>" in index
    # Raw HTML is shown as text, never run.
    assert "<script" not in index
    assert "&lt;script&gt;" in index
    assert "<h3>Why now</h3>" in index
    assert "<em>by</em>" in (tmp_path / "out/site/scenario.html").read_text()
    reader = PdfReader(tmp_path / "out/roadmap.pdf")
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "Our shared plan for the Moon." in text


def test_a_new_edition_is_compared_with_the_2022_supplement(
    seeded, tmp_path: Path, pdf_stand_in
):
    edition = draft_2023()
    publish_edition(edition)
    call_command("build", "test-2023", "--out", str(tmp_path / "out"), verbosity=0)
    updates = (tmp_path / "out/site/updates.html").read_text()
    assert "2022 GER Supplement (update to the 2020 Lunar Supplement)" in updates
    assert "Re-planned" in updates


def test_prose_is_frozen_once_the_edition_is_published(base_data):
    edition = draft_2023()
    save_prose(edition, {"summary": "Draft words."})
    publish_edition(edition)
    prose = EditionProse.objects.get(edition=edition, part="summary")
    prose.markdown = "Changed afterwards."
    with pytest.raises(EditionImmutableError):
        prose.save()
    with pytest.raises(EditionImmutableError):
        prose.delete()
    with pytest.raises(EditionImmutableError):
        EditionProse.objects.filter(edition=edition).update(markdown="x")
    with pytest.raises(EditionImmutableError):
        EditionProse.objects.filter(edition=edition).delete()
    with pytest.raises(EditionImmutableError):
        save_prose(Edition.objects.get(pk=edition.pk), {"summary": "Again."})
    assert (
        EditionProse.objects.get(edition=edition, part="summary").markdown
        == "Draft words."
    )


def test_saving_prose_for_an_unknown_part_is_refused_by_name(base_data):
    edition = draft_2023()
    with pytest.raises(ValueError, match="prose: unknown part 'epilogue'"):
        save_prose(edition, {"epilogue": "The end."})
    assert not EditionProse.objects.filter(edition=edition).exists()
