"""System checks of publishing: the fonts the PDF is laid out with."""

from __future__ import annotations

from typing import Any

from django.core import checks

from ger.publishing.build.pdf import FONT_DIR, missing_fonts


@checks.register()
def fonts_installed(**kwargs: Any) -> list[checks.CheckMessage]:
    """Warn when the document's fonts are missing: ``ger build`` would refuse."""
    missing = missing_fonts()
    if not missing:
        return []
    return [
        checks.Warning(
            f"the roadmap PDF's fonts are missing from {FONT_DIR}: "
            + ", ".join(path.name for path in missing),
            hint="Install the Debian package fonts-dejavu-core.",
            id="ger.publishing.W001",
        )
    ]
