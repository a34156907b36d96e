"""The process that lays out PDFs is kept for the next build, and replaced when it died."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from ger.publishing.build.pdf import shared_pdf_process

pytestmark = pytest.mark.django_db


def _children(process) -> set[int]:
    return set(process._pool._processes)


def test_two_builds_lay_out_their_pdfs_in_one_process(base_data, tmp_path: Path):
    call_command("build", "ED-A", "--out", str(tmp_path / "one"), verbosity=0)
    first = shared_pdf_process()
    children = _children(first)
    call_command("build", "ED-A", "--out", str(tmp_path / "two"), verbosity=0)
    assert shared_pdf_process() is first
    assert _children(first) == children
    assert (tmp_path / "one/roadmap.pdf").read_bytes() == (
        tmp_path / "two/roadmap.pdf"
    ).read_bytes()


def test_a_build_after_the_pdf_process_died_starts_a_new_one(base_data, tmp_path: Path):
    dead = shared_pdf_process()
    assert _children(dead), "the process is started with the pool"
    for pid in _children(dead):
        os.kill(pid, signal.SIGKILL)
    call_command("build", "ED-A", "--out", str(tmp_path / "two"), verbosity=0)
    assert len(PdfReader(tmp_path / "two/roadmap.pdf").pages) >= 1
    assert shared_pdf_process() is not dead
