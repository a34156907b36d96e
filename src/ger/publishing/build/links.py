"""Where the links of one output point: anchors inside the PDF, files of the site."""

from __future__ import annotations

from dataclasses import dataclass

PDF = "pdf"
SITE = "site"


@dataclass(frozen=True)
class Links:
    """The link targets of one page: the PDF's anchors or the site's relative files."""

    medium: str
    prefix: str = ""

    @property
    def is_pdf(self) -> bool:
        return self.medium == PDF

    def mission(self, slug: str) -> str:
        """Return the link to a mission's entry."""
        if self.is_pdf:
            return f"#mission-{slug}"
        return f"{self.prefix}missions/{slug}.html"

    def chapter(self, key: str, page: str) -> str:
        """Return the link to a part of the document (its page in the site)."""
        if self.is_pdf:
            return f"#{key}"
        return f"{self.prefix}{page}"

    def asset(self, path: str) -> str:
        """Return the link to a file the site ships (style sheet, download)."""
        return f"{self.prefix}{path}"

    def down(self) -> Links:
        """Return the links of a page one folder further down."""
        return Links(self.medium, self.prefix + "../")
