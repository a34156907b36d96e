"""``ger build``: the 2022 supplement's PDF, site, data and checksums, and refusals."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from pypdf import PdfReader

from ger.editions.models import Edition
from tests.publishing.conftest import ARTIFACTS, Built

EXPECTED_DATA = {
    "agencies.csv",
    "datapackage.json",
    "dependencies.csv",
    "ger-2022-supplement-e1-datapackage.zip",
    "ger-2022-supplement-e1-landing-sites.geojson",
    "ger-2022-supplement-e1-launches.ics",
    "ger-2022-supplement-e1-missions.csv",
    "ger-2022-supplement-e1-missions.json",
    "ger-2022-supplement-e1-roadmap.xml",
    "missions.csv",
    "partners.csv",
    "plans.csv",
}

pytestmark = pytest.mark.django_db


def files_of(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_the_pdf_holds_every_chapter_title_and_every_mission_in_the_annex(built: Built):
    text = built.pdf_text()
    for heading in built.headings:
        assert heading in text, heading
    # The annex's pages carry its title in their running header.
    pages = [
        " ".join(page.extract_text().split()) for page in PdfReader(built.pdf).pages
    ]
    annex = " ".join(page for page in pages[2:] if built.headings[-1] in page)
    assert len(built.mission_names) == 29
    for name in built.mission_names:
        assert name in annex, name


def test_the_pdf_is_tagged_with_bookmarks_for_every_chapter(built: Built):
    reader = PdfReader(built.pdf)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == ["Contents", *built.headings, "Colophon"]


def test_the_pdf_is_dated_by_the_edition_not_by_the_build(built: Built):
    info = PdfReader(built.pdf).metadata
    assert info is not None
    assert info["/CreationDate"].startswith("D:20221001000000")
    assert info["/ModDate"] == info["/CreationDate"]
    assert info["/Title"] == (
        "2022 GER Supplement (update to the 2020 Lunar Supplement) "
        "(corrected re-issue 1)"
    )


def test_the_contents_page_gives_each_chapter_its_page_number(built: Built):
    contents = PdfReader(built.pdf).pages[1].extract_text()
    for heading in built.headings:
        line = next(line for line in contents.splitlines() if heading in line)
        assert line.rstrip().split()[-1].isdigit(), line


def test_the_first_pages_are_rendered_for_a_person_to_look_at(built: Built):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("2022-supplement-*.png"):
        old.unlink()
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "80",
            "-png",
            "-f",
            "1",
            "-l",
            "6",
            str(built.pdf),
            str(ARTIFACTS / "2022-supplement"),
        ],
        check=True,
    )
    pages = sorted(ARTIFACTS.glob("2022-supplement-*.png"))
    assert len(pages) == 6
    assert all(page.stat().st_size > 5000 for page in pages)


def test_the_site_has_an_index_every_chapter_and_a_page_per_mission(built: Built):
    site = built.out / "site"
    for page in (
        "index.html",
        "summary.html",
        "group.html",
        "updates.html",
        "objectives.html",
        "scenario.html",
        "partnerships.html",
        "annex.html",
    ):
        assert (site / page).is_file(), page
    assert len(list((site / "missions").glob("*.html"))) == 29
    scenario = (site / "scenario.html").read_text()
    # The scenario infographic, the timeline and the south-pole map.
    assert scenario.count("<svg") == 3
    assert 'href="missions/artemis-iii.html"' in scenario


def test_the_data_release_holds_every_export_and_the_data_package(built: Built):
    assert {path.name for path in (built.out / "data").iterdir()} == EXPECTED_DATA
    downloads = {path.name for path in (built.out / "site/downloads").iterdir()}
    assert downloads == EXPECTED_DATA | {"roadmap.pdf"}


def test_sha256sums_lists_every_file_with_its_digest(built: Built):
    lines = (built.out / "SHA256SUMS").read_text().splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
    files = files_of(built.out)
    del files["SHA256SUMS"]
    assert listed == {
        name: hashlib.sha256(data).hexdigest() for name, data in files.items()
    }
    assert [line.split("  ", 1)[1] for line in lines] == sorted(listed)


def test_sha256sum_itself_accepts_the_checksums(built: Built):
    result = subprocess.run(
        ["sha256sum", "--check", "--quiet", "SHA256SUMS"],
        cwd=built.out,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_second_build_of_the_same_edition_is_byte_identical(built: Built):
    first, second = files_of(built.out), files_of(built.again)
    # 29 mission pages (the re-issue states 29 missions) and nine chapter pages.
    assert len(first) == 68
    assert second == first


def test_building_again_into_the_same_folder_replaces_the_earlier_build(
    seeded, tmp_path, pdf_stand_in
):
    out = tmp_path / "out"
    call_command("build", "2022-supplement", "--out", str(out), verbosity=0)
    (out / "site" / "stale.html").write_text("left over")
    call_command("build", "GER-SUPP-2022", "--out", str(out), verbosity=0)
    assert not (out / "site" / "stale.html").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]


def test_a_tampered_snapshot_stops_the_build_and_writes_nothing(seeded, tmp_path):
    edition = Edition.objects.get(slug="2022-supplement")
    snapshot = edition.verified_snapshot()
    snapshot["missions"][0]["planned_launch"] = "2099"
    with connection.cursor() as cursor:
        # Behind the model's back, as an attacker or a broken script would.
        cursor.execute(
            "UPDATE editions_edition SET snapshot = %s WHERE id = %s",
            [__import__("json").dumps(snapshot), edition.pk],
        )
    out = tmp_path / "out"
    with pytest.raises(
        CommandError,
        match=r"^edition: edition GER-SUPP-2022: snapshot SHA-256 \w+ does not match",
    ):
        call_command("build", "2022-supplement", "--out", str(out), verbosity=0)
    assert list(tmp_path.iterdir()) == []


def test_a_tampered_previous_edition_stops_the_build_too(seeded, tmp_path):
    previous = Edition.objects.get(code="GER-SUPP-2020")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE editions_edition SET snapshot_sha256 = %s WHERE id = %s",
            ["0" * 64, previous.pk],
        )
    with pytest.raises(
        CommandError, match=r"^edition: edition GER-SUPP-2020: snapshot SHA-256"
    ):
        call_command(
            "build", "2022-supplement", "--out", str(tmp_path / "out"), verbosity=0
        )
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_edition_is_refused_by_name(seeded, tmp_path):
    with pytest.raises(CommandError, match=r"^edition: no published edition 'nope'$"):
        call_command("build", "nope", "--out", str(tmp_path / "out"))


def test_an_edition_that_is_not_published_is_refused(seeded, tmp_path):
    with pytest.raises(
        CommandError, match=r"^edition: 'current' is not published \(it is draft\)"
    ):
        call_command("build", "current", "--out", str(tmp_path / "out"))


def test_a_folder_holding_other_files_is_left_alone(seeded, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(
        CommandError, match=r"^--out: .* holds other files and no earlier build"
    ):
        call_command("build", "2022-supplement", "--out", str(tmp_path))
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


def test_the_command_says_what_it_wrote(seeded, tmp_path, capsys, pdf_stand_in):
    call_command("build", "2022-supplement", "--out", str(tmp_path / "out"))
    output = capsys.readouterr().out
    assert "roadmap.pdf (" in output
    # One page per chapter (nine, with the agency plans by destination), one per
    # mission (30).
    assert "site/ (39 pages)" in output
    assert "data/ (12 files)" in output
