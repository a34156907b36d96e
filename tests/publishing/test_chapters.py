"""What the chapters say: numbers from the edition, honest fallbacks for what is missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from ger.editions.models import Edition
from ger.publishing.build import analysis, figures
from ger.publishing.build.content import gather_content, previous_edition
from tests.publishing.conftest import Built

pytestmark = pytest.mark.django_db


def test_the_previous_edition_of_2022_is_the_2020_supplement(seeded):
    edition = Edition.objects.get(slug="2022-supplement")
    previous = previous_edition(edition)
    assert previous is not None
    assert previous.code == "GER-SUPP-2020"
    assert previous_edition(Edition.objects.get(code="GER-SUPP-2020")) is None


def test_the_summary_counts_come_from_the_edition(seeded):
    edition = Edition.objects.get(slug="2022-supplement")
    snapshot = edition.verified_snapshot()
    summary = gather_content(edition, snapshot).summary
    missions = snapshot["missions"]
    assert summary.members == len(snapshot["agencies"]) == 27
    assert summary.missions == len(missions) == 30
    assert summary.crewed == sum(1 for m in missions if m["crewed"])
    assert summary.crewed + summary.robotic == 30
    assert sum(row.count for row in summary.by_destination) == 30
    assert sum(row.count for row in summary.by_kind) == 30
    earlier = {
        m["slug"]
        for m in Edition.objects.get(code="GER-SUPP-2020").snapshot["missions"]
    }
    # Neither record is marked complete: a mission only one of them holds is not
    # recorded in the other, not added or dropped.
    assert summary.added == summary.removed == 0
    assert summary.first_recorded == len({m["slug"] for m in missions} - earlier)
    assert summary.no_longer_recorded == len(earlier - {m["slug"] for m in missions})


def test_the_summary_page_states_the_numbers(built: Built):
    page = (built.out / "site/summary.html").read_text()
    assert "<strong>27</strong> member agencies" in page
    assert "<strong>29</strong> missions and activities" in page


def test_without_the_analysis_package_its_chapters_say_so(
    seeded, tmp_path: Path, monkeypatch, capsys, pdf_stand_in
):
    monkeypatch.setattr(analysis, "_module", lambda name: None)
    call_command("build", "2022-supplement", "--out", str(tmp_path / "out"))
    page = (tmp_path / "out/site/partnerships.html").read_text()
    assert "The partnership analysis is not available for this build." in page
    assert (
        "The traceability analysis is not available"
        in (tmp_path / "out/site/objectives.html").read_text()
    )
    assert "warning: the analysis package is not installed" in capsys.readouterr().err


def test_a_failing_analysis_is_a_warning_not_a_failed_build(
    seeded, tmp_path: Path, monkeypatch, capsys, pdf_stand_in
):
    def broken(portfolio, *args):
        raise RuntimeError("boom")

    partnerships = analysis._module("partnerships")
    monkeypatch.setattr(partnerships, "partnership_opportunities", broken)
    call_command("build", "2022-supplement", "--out", str(tmp_path / "out"))
    assert "partnerships: boom" in capsys.readouterr().err
    assert "not available" in (tmp_path / "out/site/partnerships.html").read_text()


def test_a_large_edition_gets_counts_instead_of_an_illegible_timeline(
    seeded, tmp_path: Path, monkeypatch, pdf_stand_in
):
    monkeypatch.setattr(figures, "DIAGRAM_LIMIT", 10)
    call_command(
        "build", "2022-supplement", "--out", str(tmp_path / "out"), verbosity=0
    )
    page = (tmp_path / "out/site/scenario.html").read_text()
    assert 'class="chart timeline"' not in page
    assert "Missions by destination and planned launch year" in page
    assert "more than 10" in page


def test_the_system_check_warns_when_the_fonts_are_missing(monkeypatch, tmp_path):
    from ger.publishing import checks
    from ger.publishing.build import pdf

    assert checks.fonts_installed() == []
    monkeypatch.setattr(checks, "missing_fonts", lambda: [tmp_path / "DejaVuSans.ttf"])
    (warning,) = checks.fonts_installed()
    assert warning.id == "ger.publishing.W001"
    assert "fonts-dejavu-core" in warning.hint
    assert pdf.missing_fonts(tmp_path) == [
        tmp_path / name for name in sorted(set(pdf.FONT_FILES.values()))
    ]
