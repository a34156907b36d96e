"""The static site of an edition: plain HTML files with relative links and SVG charts.

Any static file server or CDN serves it; nothing in it needs Python. The pages are
the document's chapters (the same templates as the PDF), one page per mission, and
the downloads (the PDF and the data release) in ``downloads/``.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import get_template, render_to_string
from django.utils.translation import get_language

from ger.publishing.build.chapters import ANNEX
from ger.publishing.build.content import EditionContent
from ger.publishing.build.context import annex_groups, draw_figures, page_context
from ger.publishing.build.images import copy_images, edition_images, site_groups
from ger.publishing.build.links import SITE, Links

# The portal's own style sheet and icon, then the site's additions.
STATIC_FILES = (
    ("ger/site.css", "site.css"),
    ("ger/favicon.svg", "favicon.svg"),
    ("publishing/edition.css", "edition.css"),
)


@dataclass(frozen=True)
class Download:
    """A file the site offers: where it is in the site, its name and what it is."""

    path: str
    name: str
    label: str


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


def copy_static(folder: Path) -> None:
    """Copy the style sheets and icon the pages link to."""
    folder.mkdir(parents=True, exist_ok=True)
    for source, name in STATIC_FILES:
        found = finders.find(source)
        if not isinstance(found, str):
            raise FileNotFoundError(f"static file {source} not found")
        shutil.copyfile(found, folder / name)


def write_site(
    content: EditionContent, root: Path, downloads: Sequence[Download]
) -> int:
    """Write the edition's site under ``root``; return how many pages it has."""
    root.mkdir(parents=True, exist_ok=True)
    copy_static(root / "static")
    links = Links(SITE)
    figures = draw_figures(content, links)
    language = get_language() or "en"
    groups = annex_groups(content)
    images = edition_images(content)
    copy_images(images, root)
    image_groups = site_groups(images)
    mission_images = {
        group.key.removeprefix("mission-"): group.images
        for group in site_groups(images, "../")
        if group.key.startswith("mission-")
    }
    pages = 0
    for chapter in content.chapters:
        template = (
            "publishing/site/index.html"
            if chapter.page == "index.html"
            else "publishing/site/chapter.html"
        )
        context = page_context(
            content,
            links,
            figures,
            chapter=chapter,
            current=chapter.key,
            downloads=downloads,
            language=language,
            annex_groups=groups,
            image_groups=image_groups if chapter.page == "index.html" else [],
        )
        _write(root / chapter.page, render_to_string(template, context))
        pages += 1
    (root / "missions").mkdir(exist_ok=True)
    mission_page = get_template("publishing/site/mission.html")
    down = links.down()
    annex = next(chapter for chapter in content.chapters if chapter.key == ANNEX)
    for mission in content.missions:
        context = page_context(
            content,
            down,
            figures,
            m=mission,
            mission_images=mission_images.get(mission.slug, []),
            annex=annex,
            current="",
            language=language,
        )
        _write(root / "missions" / f"{mission.slug}.html", mission_page.render(context))
        pages += 1
    return pages
