from __future__ import annotations

from tests.workspace.conftest import (  # noqa: F401 - the shared cast
    anonymous,
    cast_data,
    esa_editor,
    jaxa_editor,
    nasa_editor,
    no_sign_in_failures_left,
    secretariat,
)
