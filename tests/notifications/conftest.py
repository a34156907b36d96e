from tests.workspace.conftest import (  # noqa: F401 - the workspace's cast
    cast_data,
    esa_editor,
    jaxa_editor,
    nasa_editor,
    no_sign_in_failures_left,
    secretariat,
)
