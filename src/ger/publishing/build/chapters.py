"""The parts of the roadmap document, in order: one list for the PDF and the site."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ger.editions.models import EditionProse

ANNEX = "annex"


@dataclass(frozen=True)
class Chapter:
    """A part of the document: its key (and template and page), number and title."""

    key: str
    number: str
    title: str

    @property
    def template(self) -> str:
        return f"publishing/chapters/{self.key}.html"

    @property
    def page(self) -> str:
        return "index.html" if self.key == "introduction" else f"{self.key}.html"

    @property
    def heading(self) -> str:
        if self.number.isdigit():
            return _("Chapter %(number)s. %(title)s") % {
                "number": self.number,
                "title": self.title,
            }
        return self.title


def chapters() -> list[Chapter]:
    """Return the document's parts in reading order, with translated titles."""
    part = EditionProse.Part
    return [
        Chapter(part.INTRODUCTION.value, "", _("Introduction")),
        Chapter(part.SUMMARY.value, "", _("Executive summary")),
        Chapter(part.GROUP.value, "1", _("The coordination group")),
        Chapter(part.UPDATES.value, "2", _("Major updates in exploration plans")),
        Chapter(part.OBJECTIVES.value, "3", _("Common goals and objectives")),
        Chapter(part.SCENARIO.value, "4", _("The exploration scenario")),
        Chapter(
            part.PARTNERSHIPS.value,
            "5",
            _("Coordination and partnership opportunities"),
        ),
        Chapter(ANNEX, "A", _("Annex: every mission of the edition")),
    ]
