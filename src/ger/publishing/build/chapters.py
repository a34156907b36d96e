"""The parts of the roadmap document, in order: one list for the PDF and the site."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ger.editions.models import EditionProse

ANNEX = "annex"
DESTINATIONS = "destinations"


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
    # The order of the published roadmap documents: introduction, goals, the
    # scenario, the agencies' plans by destination, partnerships, what changed,
    # then the annexes.
    return [
        Chapter(part.INTRODUCTION.value, "", _("Introduction")),
        Chapter(part.SUMMARY.value, "", _("Executive summary")),
        Chapter(part.OBJECTIVES.value, "1", _("Common goals and objectives")),
        Chapter(part.SCENARIO.value, "2", _("The exploration scenario")),
        Chapter(DESTINATIONS, "3", _("Agency plans by destination")),
        Chapter(
            part.PARTNERSHIPS.value,
            "4",
            _("Coordination and partnership opportunities"),
        ),
        Chapter(part.UPDATES.value, "5", _("What changed since the previous edition")),
        Chapter(part.GROUP.value, "A", _("Annex: the coordination group")),
        Chapter(ANNEX, "B", _("Annex: every mission of the edition")),
    ]
