"""The PDF: WeasyPrint lays out the document's HTML in a process of its own.

Layout is the longest step of a build and needs no database, so it runs in a
separate process (started fresh, never forked from a process holding database
connections) while the site and the data are written. This module imports no
Django: the child process only needs WeasyPrint and the HTML.
"""

from __future__ import annotations

import atexit
import importlib
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import TracebackType
from typing import Any

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# Debian's fonts-dejavu-core: every machine that has it lays out the same pages.
FONT_FILES = {
    ("GER Sans", "normal"): "DejaVuSans.ttf",
    ("GER Sans", "bold"): "DejaVuSans-Bold.ttf",
    ("GER Serif", "normal"): "DejaVuSerif.ttf",
    ("GER Serif", "bold"): "DejaVuSerif-Bold.ttf",
    ("GER Mono", "normal"): "DejaVuSansMono.ttf",
}
PRINT_CSS = Path(__file__).resolve().parent.parent / "static/publishing/print.css"
PDF_VARIANT = "pdf/ua-1"


def missing_fonts(font_dir: Path = FONT_DIR) -> list[Path]:
    """Return the font files the document needs that this machine lacks."""
    return [
        font_dir / name
        for name in sorted(set(FONT_FILES.values()))
        if not (font_dir / name).is_file()
    ]


def font_faces(font_dir: Path = FONT_DIR) -> str:
    """Return the @font-face rules of the document's fonts."""
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
        f'src: url("{(font_dir / name).as_uri()}"); }}'
        for (family, weight), name in sorted(FONT_FILES.items())
    )


def _cache_page_references() -> None:
    """Make pydyf's list of page references cost nothing after the first lookup.

    pydyf rebuilds the list on every lookup and WeasyPrint looks it up once per
    tagged element, which made tagging grow with pages x elements (a third of a
    300-page build). The cached list is the same, so the bytes are the same.
    """
    pydyf: Any = importlib.import_module("pydyf")
    if getattr(pydyf.PDF, "_ger_cached_references", False):
        return

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        kids = pdf.pages["Kids"]
        cached = pdf.__dict__.get("_ger_references")
        if cached is None or cached[0] != len(kids):
            references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
            cached = pdf.__dict__["_ger_references"] = (len(kids), references)
        return cached[1]  # type: ignore[no-any-return]

    pydyf.PDF.page_references = property(page_references)
    pydyf.PDF._ger_cached_references = True


def write_pdf(html: str, target: str, identifier: str) -> int:
    """Lay out ``html`` and write the PDF to ``target``; return its page count."""
    weasyprint: Any = importlib.import_module("weasyprint")
    _cache_page_references()
    # Only local files (the fonts) and the images embedded in the HTML (data:) may
    # be fetched: user links are never followed.
    fetcher = weasyprint.URLFetcher(allowed_protocols={"file", "data"})
    document = weasyprint.HTML(
        string=html, base_url=PRINT_CSS.parent.as_uri() + "/", url_fetcher=fetcher
    ).render(
        stylesheets=[
            weasyprint.CSS(
                string=font_faces() + "\n" + PRINT_CSS.read_text(encoding="utf-8"),
                url_fetcher=fetcher,
            )
        ],
        pdf_variant=PDF_VARIANT,
    )
    document.write_pdf(
        target,
        pdf_variant=PDF_VARIANT,
        pdf_identifier=bytes.fromhex(identifier),
    )
    return len(document.pages)


def load_weasyprint() -> None:
    """Import WeasyPrint (a second of work) before the document is ready."""
    importlib.import_module("weasyprint")
    _cache_page_references()


class PdfProcess:
    """One worker process that writes PDFs, started fresh ("spawn").

    Starting it (a new interpreter importing WeasyPrint) costs more than laying out
    a short edition, so a process that builds again keeps it: ``shared_pdf_process``
    gives every build of a process the same one, started on the first build.
    """

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        self._pool.submit(load_weasyprint)
        self.pid = os.getpid()

    def __enter__(self) -> PdfProcess:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.shutdown()

    def shutdown(self) -> None:
        """Stop the process (a layout under way is finished first)."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, html: str, target: Path, identifier: str) -> Future[int]:
        """Start writing the PDF; the future gives its page count."""
        return self._pool.submit(write_pdf, html, str(target), identifier)

    def usable(self) -> bool:
        """Return whether this process may still lay out PDFs for the caller."""
        # A pool copied into a forked process has no thread to feed it; a broken one
        # (its process died) refuses every submission.
        return self.pid == os.getpid() and not getattr(self._pool, "_broken", False)


_SHARED: list[PdfProcess] = []
_SHARED_LOCK = threading.Lock()


def shared_pdf_process() -> PdfProcess:
    """Return this process's PDF process, starting it (again) when it is not usable.

    Builds in several threads at once share it: their layouts run one after the
    other. It is stopped when the interpreter exits.
    """
    with _SHARED_LOCK:
        if _SHARED and _SHARED[0].usable():
            return _SHARED[0]
        if not _SHARED:
            atexit.register(_stop_shared)
        else:
            _SHARED.clear()
        process = PdfProcess()
        _SHARED.append(process)
        return process


def _stop_shared() -> None:
    for process in _SHARED:
        if process.pid == os.getpid():
            process.shutdown()
    _SHARED.clear()


class PdfLayout:
    """One PDF being laid out in the shared process.

    A process that died (killed, out of memory) before or while it laid out this PDF
    is replaced and the layout tried once more there: a build must not fail because
    an earlier one left a dead process behind.
    """

    def __init__(self, html: str, target: Path, identifier: str) -> None:
        self._arguments = (html, target, identifier)
        self._future = self._submit()

    def _submit(self) -> Future[int]:
        try:
            return shared_pdf_process().submit(*self._arguments)
        except BrokenProcessPool:
            # The pool knows it is broken now: the next call starts a new process.
            return shared_pdf_process().submit(*self._arguments)

    def result(self) -> int:
        """Wait for the PDF and return its page count."""
        try:
            return self._future.result()
        except BrokenProcessPool:
            self._future = self._submit()
            return self._future.result()

    def wait(self) -> None:
        """Wait until the layout has ended, however it ended."""
        wait([self._future])
