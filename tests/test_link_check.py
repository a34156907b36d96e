"""Every link of every public page, in the three languages, leads to a page that answers.

The crawl starts at the three home pages and follows every same-site ``href``,
``src`` and form ``action`` of each HTML page it reaches (downloads are fetched,
not parsed). A link to a 4xx or 5xx answer fails the test, naming the page that
holds it.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

LINK = re.compile(r'(?:href|src|action)="([^"#]*)')
STARTS = ("/", "/fr/", "/es/")
# Pages a visitor cannot use without signing in (they answer a redirect to it).
SKIP_PREFIXES = ("/workspace/", "/fr/workspace/", "/es/workspace/")


def links_of(url: str, body: str) -> set[str]:
    found = set()
    for href in LINK.findall(body):
        parts = urlsplit(urljoin(f"http://testserver{url}", href.replace("&amp;", "&")))
        if parts.netloc != "testserver" or not parts.path.startswith("/"):
            continue
        found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def test_no_public_page_links_to_a_page_that_fails(client, seeded, empty_caches):
    seen: set[str] = set()
    queue = [(start, "(start)") for start in STARTS]
    broken = []
    languages = set()
    while queue:
        url, linked_from = queue.pop()
        if url in seen or url.startswith(SKIP_PREFIXES):
            continue
        seen.add(url)
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
        languages.add(url.split("/")[1] if url[:4] in ("/fr/", "/es/") else "en")
        body = response.content.decode()
        queue.extend((link, url) for link in links_of(url, body) if link not in seen)
    assert not broken, "\n".join(sorted(broken))
    assert languages == {"en", "fr", "es"}
    # Every mission page of each language was reached.
    assert sum(1 for url in seen if url.startswith("/fr/missions/")) >= 40
    assert len(seen) > 500
