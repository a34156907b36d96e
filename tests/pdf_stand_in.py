"""A build that lays out no PDF, for the tests of what a build does besides its PDF.

WeasyPrint takes seconds of a core to lay out an edition. A test of a build's site,
data release, checks or bookkeeping asks for the ``pdf_stand_in`` fixture instead:
the build then writes a one-page PDF whose only text is the SHA-256 of the document
HTML it would have laid out. Two builds of the same document still write the same
bytes and a changed document different ones, so a test comparing builds still sees
a change of the document. The tests that read the PDF itself (tests/publishing/
conftest.py's ``built``, the images, prose and translation tests) lay it out.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

PAGE = b"/MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"


def one_page_pdf(text: str) -> bytes:
    """Return a valid one-page PDF showing ``text`` (ASCII) in Helvetica."""
    stream = f"BT /F1 9 Tf 36 800 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R " + PAGE + b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % table
    return bytes(out)


class StandInLayout:
    """Takes the place of ``ger.publishing.build.pdf.PdfLayout`` (same interface)."""

    def __init__(self, html: str, target: Path, identifier: str) -> None:
        digest = hashlib.sha256(html.encode()).hexdigest()
        Path(target).write_bytes(one_page_pdf(f"stand-in for document {digest}"))

    def result(self) -> int:
        return 1

    def wait(self) -> None:
        return None
