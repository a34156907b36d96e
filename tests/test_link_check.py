"""Every link of every public page leads to a page that answers, in the three languages.

The crawl starts at the three home pages and follows every same-site ``href``,
``src`` and form ``action`` of each HTML page it reaches (downloads are fetched,
not parsed). A link to a 4xx or 5xx answer fails the test, naming the page that
holds it.

Every English page is visited. In French and Spanish, every kind of page is (a view
with a set of query parameters: a mission page, the mission list by status...), but
at most ``PAGES_PER_KIND`` pages of each kind: a page's links depend on its language
only through its view's templates and messages, which the first pages of the kind
show; which missions, agencies and filters it links to is the same in every language
and is checked on the English pages. (The whole crawl in three languages took three
times as long.)
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation

pytestmark = pytest.mark.django_db

LINK = re.compile(r'(?:href|src|action)="([^"#]*)')
STARTS = ("/", "/fr/", "/es/")
# Pages a visitor cannot use without signing in (they answer a redirect to it).
SKIP_PREFIXES = ("/workspace/", "/fr/workspace/", "/es/workspace/")
PAGES_PER_KIND = 3


def links_of(url: str, body: str) -> set[str]:
    found = set()
    for href in LINK.findall(body):
        parts = urlsplit(urljoin(f"http://testserver{url}", href.replace("&amp;", "&")))
        if parts.netloc != "testserver" or not parts.path.startswith("/"):
            continue
        found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def language_of(url: str) -> str:
    return url.split("/")[1] if url[:4] in ("/fr/", "/es/") else "en"


def kind_of(url: str) -> str:
    """Name the view a URL reaches and its query parameters (not their values)."""
    parts = urlsplit(url)
    try:
        # A language's URL prefix resolves only while that language is active.
        with translation.override(language_of(url)):
            view = resolve(parts.path).view_name
    except Resolver404:
        view = parts.path  # fetched all the same: the crawl reports it broken
    return f"{view}?{'&'.join(sorted(parse_qs(parts.query)))}"


def test_no_public_page_links_to_a_page_that_fails(client, seeded, empty_caches):
    seen: set[str] = set()
    queue = [(start, "(start)") for start in STARTS]
    broken = []
    kinds: dict[tuple[str, str], int] = {}
    # The kinds of HTML page read in each language; for English, only those with a
    # French and a Spanish twin (the API's pages have none).
    read: dict[str, set[str]] = {"en": set(), "fr": set(), "es": set()}
    while queue:
        # First in, first out: the first pages of a kind are reached from many.
        url, linked_from = queue.pop(0)
        if url in seen or url.startswith(SKIP_PREFIXES):
            continue
        seen.add(url)
        language = language_of(url)
        kind = (language, kind_of(url))
        if language != "en" and kinds.get(kind, 0) >= PAGES_PER_KIND:
            continue
        kinds[kind] = kinds.get(kind, 0) + 1
        if url.startswith(settings.STATIC_URL):
            # Served by WhiteNoise in front of Django, not by the test client.
            if (
                finders.find(urlsplit(url).path.removeprefix(settings.STATIC_URL))
                is None
            ):
                broken.append(f"{url} (no such static file), linked from {linked_from}")
            continue
        response = client.get(url)
        if response.status_code >= 400:
            broken.append(f"{url} ({response.status_code}), linked from {linked_from}")
            continue
        if response.status_code in (301, 302):
            queue.append((response["Location"], url))
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        if language != "en" or translate_url(url, "fr") != url:
            read[language].add(kind[1])
        body = response.content.decode()
        queue.extend((link, url) for link in links_of(url, body) if link not in seen)
    assert not broken, "\n".join(sorted(broken))
    # Every kind of page was visited in each language, every English page in full.
    assert len(read["en"]) > 30
    assert read["fr"] == read["es"] == read["en"]
    assert (
        sum(count for (language, _), count in kinds.items() if language == "en") > 600
    )
    assert kinds["en", "web:mission?"] >= 100
