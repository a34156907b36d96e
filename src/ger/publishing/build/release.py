"""Build a published edition into a folder: PDF, static site, data release, checksums.

Everything is written into a temporary folder beside the target and moved into
place only when complete, so a failed build leaves nothing behind. The same
edition always gives the same bytes: fixed dates, sorted listings, no clock.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from ger.editions.models import Edition, SnapshotCorruptError
from ger.publishing.build.content import EditionContent, gather_content
from ger.publishing.build.data import DataFile, write_data
from ger.publishing.build.document import document_html
from ger.publishing.build.pdf import PdfLayout, missing_fonts
from ger.publishing.build.site import Download, write_site

PDF_NAME = "roadmap.pdf"
CHECKSUMS = "SHA256SUMS"
STEPS = 8

Progress = Callable[[int, int, str], None]


class BuildError(Exception):
    """A build cannot be made; the message says what is wrong and where."""


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote."""

    out_dir: Path
    pdf_pages: int
    site_pages: int
    data_files: int
    files: int
    seconds: float
    warnings: tuple[str, ...] = field(default=())

    def describe(self) -> str:
        """Return the build in one line."""
        return _(
            "wrote %(out)s: %(pdf)s (%(pages)d pages), site/ (%(site)d pages), "
            "data/ (%(data)d files), %(sums)s (%(files)d files) in %(seconds).1f s"
        ) % {
            "out": self.out_dir,
            "pdf": PDF_NAME,
            "pages": self.pdf_pages,
            "site": self.site_pages,
            "data": self.data_files,
            "sums": CHECKSUMS,
            "files": self.files,
            "seconds": self.seconds,
        }


def _silent(step: int, steps: int, label: str) -> None:
    """Report nothing."""


def _check_target(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise BuildError(
            _("--out: %(path)s is a file, not a folder") % {"path": out_dir}
        )
    if (
        out_dir.is_dir()
        and any(out_dir.iterdir())
        and not (out_dir / CHECKSUMS).is_file()
    ):
        raise BuildError(
            _(
                "--out: %(path)s holds other files and no earlier build; "
                "choose an empty or new folder"
            )
            % {"path": out_dir}
        )


def checksums(root: Path) -> str:
    """Return SHA256SUMS for every file under ``root``, sorted by path."""
    lines = []
    for path in sorted(
        p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
    ):
        digest = hashlib.sha256((root / path).read_bytes()).hexdigest()
        lines.append(f"{digest}  {path}\n")
    return "".join(lines)


def _move_into_place(built: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        built.rename(out_dir)
        return
    earlier = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    earlier.rmdir()
    out_dir.rename(earlier)
    built.rename(out_dir)
    shutil.rmtree(earlier)


def build_edition(
    edition: Edition, out_dir: Path, progress: Progress = _silent
) -> BuildResult:
    """Build the published ``edition`` into ``out_dir``; raise BuildError if not."""
    began = time.perf_counter()
    _check_buildable(edition)
    out_dir = out_dir.absolute()
    _check_target(out_dir)
    progress(1, STEPS, _("checking the snapshot"))
    try:
        snapshot = edition.verified_snapshot()
    except SnapshotCorruptError as problem:
        raise BuildError(f"edition: {problem}") from None
    work = _work_folder(out_dir)
    try:
        os.chmod(work, 0o755)
        written = _write_release(edition, snapshot, work, progress)
        progress(7, STEPS, _("computing the checksums"))
        sums = checksums(work)
        (work / CHECKSUMS).write_text(sums, encoding="utf-8", newline="\n")
        progress(8, STEPS, _("moving the build into place"))
        try:
            _move_into_place(work, out_dir)
        except OSError as problem:
            raise BuildError(f"--out: {problem}") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return BuildResult(
        out_dir=out_dir,
        pdf_pages=written.pdf_pages,
        site_pages=written.site_pages,
        data_files=len(written.data),
        files=sums.count("\n") + 1,
        seconds=time.perf_counter() - began,
        warnings=tuple(written.content.warnings),
    )


def _check_buildable(edition: Edition) -> None:
    """Refuse an edition that is not published, or a machine without the fonts."""
    if not edition.is_published:
        raise BuildError(
            _(
                "edition: %(code)s is not published (it is %(status)s); only "
                "published editions are built"
            )
            % {"code": edition.code, "status": edition.get_status_display()}
        )
    missing = missing_fonts()
    if missing:
        raise BuildError(
            _(
                "fonts: %(files)s not found; "
                "install the Debian package fonts-dejavu-core"
            )
            % {"files": ", ".join(str(path) for path in missing)}
        )


def _work_folder(out_dir: Path) -> Path:
    """Return a new temporary folder beside ``out_dir`` to build in."""
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    except OSError as problem:
        raise BuildError(f"--out: {problem}") from None


@dataclass(frozen=True)
class _Written:
    """What the build wrote into its folder."""

    content: EditionContent
    data: list[DataFile]
    pdf_pages: int
    site_pages: int


def _write_release(
    edition: Edition, snapshot: dict[str, Any], work: Path, progress: Progress
) -> _Written:
    """Write the PDF, the data release and the site (with its downloads) to ``work``."""
    layout: PdfLayout | None = None
    try:
        progress(2, STEPS, _("gathering the content"))
        try:
            content = gather_content(edition, snapshot)
        except SnapshotCorruptError as problem:
            raise BuildError(f"edition: {problem}") from None
        progress(3, STEPS, _("laying out the document"))
        layout = PdfLayout(
            document_html(content), work / PDF_NAME, content.snapshot_sha256[:32]
        )
        progress(4, STEPS, _("writing the data release"))
        data = write_data(edition, work / "data")
        downloads = [
            Download(f"downloads/{PDF_NAME}", PDF_NAME, _("The roadmap (PDF)"))
        ]
        downloads += [
            Download(f"downloads/{item.name}", item.name, item.label) for item in data
        ]
        progress(5, STEPS, _("writing the site"))
        site_pages = write_site(content, work / "site", downloads)
        progress(6, STEPS, _("writing the PDF"))
        pdf_pages = layout.result()
    finally:
        # A build that failed before its PDF was written waits for the layout, so
        # that nothing writes into its folder after it is cleared away.
        if layout is not None:
            layout.wait()
    (work / "site" / "downloads").mkdir()
    for name in [PDF_NAME, *(f"data/{item.name}" for item in data)]:
        shutil.copyfile(work / name, work / "site/downloads" / Path(name).name)
    return _Written(content, data, pdf_pages, site_pages)
