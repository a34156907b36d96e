from __future__ import annotations

import os

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_a_build_into_an_unwritable_place_fails_clearly_and_leaves_nothing(
    base_data, tmp_path
):
    # Root may write anywhere on this machine; a folder below a plain file is unwritable for all.
    place = tmp_path / "place"
    place.mkdir()
    blocker = place / "not-a-folder"
    blocker.write_text("a file where the build wants a folder")
    with pytest.raises(CommandError, match="--out"):
        call_command("build", "ED-A", "--out", str(blocker / "out"), verbosity=0)
    assert os.listdir(place) == ["not-a-folder"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_build_into_a_read_only_folder_fails_clearly(base_data, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(CommandError, match="--out"):
            call_command("build", "ED-A", "--out", str(locked / "out"), verbosity=0)
    finally:
        locked.chmod(0o755)
