"""One rule for "which editions are public" and one for "which edition a key names"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ger.editions.models import Edition

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parent.parent / "src" / "ger"


@pytest.fixture
def editions():
    def make(code, kind, status):
        return Edition.objects.create(
            code=code, slug=code.lower(), title=code, kind=kind, status=status
        )

    return {
        "draft": make("D-1", Edition.Kind.ROADMAP, Edition.Status.DRAFT),
        "review": make("R-1", Edition.Kind.SUPPLEMENT, Edition.Status.REVIEW),
        "working": make("W-1", Edition.Kind.WORKING_DRAFT, Edition.Status.DRAFT),
    }


def test_public_editions_are_the_published_ones_and_the_working_draft(editions):
    codes = set(Edition.objects.public().values_list("code", flat=True))
    assert codes == {"W-1"}
    published = Edition.objects.filter(status=Edition.Status.PUBLISHED)
    assert set(published.values_list("code", flat=True)) <= set(
        Edition.objects.public().values_list("code", flat=True)
    )


def test_by_key_finds_an_edition_by_code_or_slug(editions):
    assert Edition.objects.by_key("R-1") == editions["review"]
    assert Edition.objects.by_key("r-1") == editions["review"]
    assert Edition.objects.public().by_key("r-1") is None
    assert Edition.objects.public().by_key("W-1") == editions["working"]
    assert Edition.objects.by_key("no-such-edition") is None


def test_by_key_prefers_the_code_when_another_editions_slug_is_the_same(editions):
    other = Edition.objects.create(
        code="x-2", slug="d-0", title="x", kind=Edition.Kind.ROADMAP
    )
    clash = Edition.objects.create(
        code="d-1b", slug="x-2", title="y", kind=Edition.Kind.ROADMAP
    )
    assert Edition.objects.by_key("x-2") == other
    assert Edition.objects.by_key("d-1b") == clash


@pytest.mark.parametrize("key", ["W-1\x00", "\x00", "w-1\x00x"])
def test_a_key_holding_nul_names_no_edition(editions, key, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert Edition.objects.by_key(key) is None


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/editions/W-1%00",
        "/api/v1/missions?edition=W-1%00",
        "/api/v1/analysis/coverage?edition=W-1%00",
    ],
)
def test_a_nul_edition_key_is_a_clear_client_error_everywhere(client, editions, url):
    response = client.get(url)
    assert 400 <= response.status_code < 500


def test_the_public_rule_is_written_once():
    """No module but the model spells out "published or the working draft"."""
    rule = re.compile(
        r"Status\.PUBLISHED\s*\)\s*\|\s*(?:Edition\.objects\.filter\()?(?:Q\()?kind="
    )
    spelled = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if rule.search(path.read_text())
    ]
    assert spelled == ["editions/models/edition.py"]
