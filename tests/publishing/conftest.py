"""One build of the bundled 2022 supplement, shared by the tests that read its files.

The build runs once per test process (the tests only read its files), inside a
transaction that is rolled back, so the database of every other test stays as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from pypdf import PdfReader

from ger.editions.models import Edition
from ger.publishing.build.chapters import chapters

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts" / "publishing"


@dataclass(frozen=True)
class Built:
    """A finished build and what the edition holds, to check the files against."""

    out: Path
    again: Path
    mission_names: list[str]
    headings: list[str]

    @property
    def pdf(self) -> Path:
        return self.out / "roadmap.pdf"

    def pdf_text(self) -> str:
        """Return the PDF's text with every run of white space made one space."""
        reader = PdfReader(self.pdf)
        return re.sub(
            r"\s+", " ", " ".join(page.extract_text() for page in reader.pages)
        )


def build_2022(folder: Path) -> Built:
    """Load the bundled data and build the 2022 supplement twice under ``folder``."""
    call_command("seed", verbosity=0)
    # The current issue: the corrected re-issue of the first one.
    edition = Edition.objects.get(slug="2022-supplement-e1")
    names = [mission["name"] for mission in edition.verified_snapshot()["missions"]]
    out, again = folder / "out", folder / "again"
    for target in (out, again):
        call_command("build", "2022-supplement-e1", "--out", str(target), verbosity=0)
    return Built(out, again, names, [chapter.heading for chapter in chapters()])


@pytest.fixture(scope="session")
def built(django_db_setup, django_db_blocker, tmp_path_factory) -> Built:
    """Build the 2022 supplement once, leaving the database as it was."""
    folder = tmp_path_factory.mktemp("build")
    with django_db_blocker.unblock(), transaction.atomic():
        # Only a module marked django_db gets a test database; never touch the real one.
        name = str(connection.settings_dict["NAME"])
        assert "memory" in name or Path(name).name.startswith("test_"), name
        result = build_2022(folder)
        transaction.set_rollback(True)
    return result
