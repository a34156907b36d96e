"""The static site of the 2022 supplement: every internal link leads somewhere."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest

from tests.publishing.conftest import Built

pytestmark = pytest.mark.django_db


class PageLinks(HTMLParser):
    """Collect a page's link targets (href, src) and its element ids."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.targets.append(value)
            elif name == "id" and value:
                self.ids.add(value)


def parse(path: Path) -> PageLinks:
    parser = PageLinks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def crawl(root: Path) -> tuple[set[str], list[str]]:
    """Follow every internal link from index.html; return pages seen and broken links."""
    root = root.resolve()
    seen: set[str] = set()
    broken: list[str] = []
    ids: dict[str, set[str]] = {}
    queue = ["index.html"]
    fragments: list[tuple[str, str, str]] = []
    while queue:
        page = queue.pop()
        if page in seen:
            continue
        seen.add(page)
        links = parse(root / page)
        ids[page] = links.ids
        for target in links.targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc:
                continue  # a source on the web, not part of the site
            path = (
                PurePosixPath(page).parent / unquote(parts.path)
                if parts.path
                else PurePosixPath(page)
            )
            resolved = (root / path).resolve()
            if not resolved.is_relative_to(root) or not resolved.is_file():
                broken.append(f"{page}: {target}")
                continue
            relative = resolved.relative_to(root).as_posix()
            if parts.fragment:
                fragments.append((page, target, relative + "#" + parts.fragment))
            if relative.endswith(".html"):
                queue.append(relative)
    for page, target, address in fragments:
        name, fragment = address.split("#", 1)
        if fragment not in ids.get(name, parse(root / name).ids):
            broken.append(f"{page}: {target} (no element {fragment!r})")
    return seen, broken


def test_no_internal_link_of_the_site_is_broken(built: Built):
    seen, broken = crawl(built.out / "site")
    assert broken == []
    assert len(seen) == 38  # nine chapters, 29 missions


def test_every_page_of_the_site_is_reachable_from_the_index(built: Built):
    site = built.out / "site"
    seen, _broken = crawl(site)
    pages = {path.relative_to(site).as_posix() for path in site.rglob("*.html")}
    assert pages == seen


def test_the_site_uses_only_relative_links_and_no_script(built: Built):
    for path in (built.out / "site").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script" not in text, path
        for target in parse(path).targets:
            assert not target.startswith("/"), f"{path}: {target}"
