"""The downloads of a published edition: its PDF, static site archive and data release.

Each published edition offers, in each language of the portal, three files and
their checksums, kept in ``GER_VAR_DIR/downloads/<slug>/<language>/``:

| file | what it is |
|---|---|
| ``ger-<slug>-<language>-roadmap.pdf`` | the roadmap document |
| ``ger-<slug>-<language>-site.zip`` | the static site (``site/`` of the build) |
| ``ger-<slug>-<language>-data.zip`` | the open data release (``data/`` of the build) |
| ``SHA256SUMS`` | the SHA-256 of the three; ``sha256sum -c`` checks them |

The files keep these names when downloaded, so ``sha256sum -c SHA256SUMS`` checks
them in the folder they were saved to.

**When they are made.** Publishing an edition queues its build (the workspace's
publication), and that build packages the downloads in the default language as it
finishes: built once, at publication. Editions published before (the bundled
ones, the other languages) are packaged on the first request for one of their
files, then kept: ``ger seed`` stays as fast as it was (a build takes seconds per
edition and language, and most are never downloaded), and so do the tests. A
build of the same edition gives the same bytes, so a copy made late is the copy
that would have been made at publication. A lock file serialises the packaging of
one edition and language across processes: a second request waits for the first
and then serves its files.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import translation

from ger.editions.models import Edition
from ger.publishing.build.release import CHECKSUMS, PDF_NAME, BuildError, build_edition

SITE_ARCHIVE = "site.zip"
DATA_ARCHIVE = "data.zip"
FILES = (PDF_NAME, SITE_ARCHIVE, DATA_ARCHIVE)


@dataclass(frozen=True)
class DownloadFile:
    """One packaged file and its checksum."""

    name: str
    path: Path
    size: int
    sha256: str


def downloads_folder(edition: Edition, language: str) -> Path:
    """Return where the edition's downloads in ``language`` are kept."""
    return Path(settings.VAR_DIR) / "downloads" / edition.slug / language


def file_name(edition: Edition, language: str, kind: str) -> str:
    """Return the name of one of the downloads (``kind``: one of ``FILES``)."""
    return f"ger-{edition.slug}-{language}-{kind}"


def packaged(edition: Edition, language: str) -> dict[str, DownloadFile] | None:
    """Return the edition's packaged files in ``language``, or None if not made yet."""
    folder = downloads_folder(edition, language)
    sums = folder / CHECKSUMS
    if not sums.is_file():
        return None
    digests: dict[str, str] = {}
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        digests[name] = digest
    files = {}
    for kind in FILES:
        name = file_name(edition, language, kind)
        path = folder / name
        files[kind] = DownloadFile(name, path, path.stat().st_size, digests[name])
    return files


def package_build(
    edition: Edition, build_dir: Path, language: str
) -> dict[str, DownloadFile]:
    """Package a finished build of ``edition`` as its downloads in ``language``."""
    folder = downloads_folder(edition, language)
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{language}.", dir=folder.parent))
    try:
        names = {kind: file_name(edition, language, kind) for kind in FILES}
        shutil.copyfile(build_dir / PDF_NAME, work / names[PDF_NAME])
        stamp = _zip_time(edition)
        for kind, source in ((SITE_ARCHIVE, "site"), (DATA_ARCHIVE, "data")):
            root = names[kind].removesuffix(".zip")
            _zip_folder(build_dir / source, work / names[kind], root, stamp)
        lines = [f"{_sha256(work / name)}  {name}" for name in sorted(names.values())]
        (work / CHECKSUMS).write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.chmod(work, 0o755)
        if folder.exists():
            shutil.rmtree(folder)
        work.rename(folder)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    files = packaged(edition, language)
    assert files is not None  # just written
    return files


def prepare(edition: Edition, language: str) -> dict[str, DownloadFile]:
    """Return the edition's downloads in ``language``, building them the first time.

    Raise BuildError when the edition cannot be built (not published, a tampered
    snapshot, fonts missing); nothing is kept then.
    """
    files = packaged(edition, language)
    if files is not None:
        return files
    if not edition.is_published:
        raise BuildError(f"edition: {edition.code} is not published")
    with _locked(edition, language):
        files = packaged(edition, language)  # made while this process waited
        if files is not None:
            return files
        parent = downloads_folder(edition, language).parent
        scratch = Path(tempfile.mkdtemp(prefix=".build.", dir=parent))
        try:
            with translation.override(language):
                build_edition(edition, scratch / "out")
            return package_build(edition, scratch / "out", language)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


@contextmanager
def _locked(edition: Edition, language: str) -> Iterator[None]:
    lock = downloads_folder(edition, language).with_suffix(".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _zip_time(edition: Edition) -> tuple[int, int, int, int, int, int]:
    """Return the archive entries' date: the start of the edition's release period."""
    start = edition.released.start if edition.released else None
    if start is None or start.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    return (start.year, start.month, start.day, 0, 0, 0)


def _zip_folder(folder: Path, target: Path, root: str, stamp: tuple[int, ...]) -> None:
    """Write ``folder`` into a zip under ``root/``: sorted entries, fixed dates."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = f"{root}/{path.relative_to(folder).as_posix()}"
            entry = zipfile.ZipInfo(name, stamp)  # type: ignore[arg-type]
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, path.read_bytes())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
