"""Search forgives typos: a misspelt name finds what it meant and says so."""

from __future__ import annotations

import pytest

from ger.search.spelling import correct, forgiving_search, similarity

# The bundled data is the shared ``seeded`` (tests/shared_data.py), seeded once
# per process; each test still starts with nothing kept in the caches.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_caches")]


def test_similarity_is_the_share_of_trigrams_in_common():
    # "  artmis " and "  artemis " share 5 of their 10 distinct trigrams.
    assert similarity("artmis", "artemis") == pytest.approx(0.5)
    assert similarity("artemis", "artemis") == 1.0
    assert similarity("gateway", "chandrayaan") == 0.0


@pytest.mark.parametrize(
    ("typed", "meant", "slug"),
    [
        ("artmis", "Artemis", "artemis-iii"),
        ("chandrayan", "Chandrayaan", "chandrayaan-3"),
    ],
)
def test_a_misspelt_mission_name_finds_the_missions_and_suggests_the_name(
    client, seeded, typed, meant, slug
):
    result = forgiving_search(typed)
    assert result.corrected == meant
    assert any(hit.url == f"/missions/{slug}/" for hit in result.hits)
    # Name matches come first: every mission named so leads the list.
    assert meant.lower() in result.hits[0].title_html.lower()
    page = client.get("/search/", {"q": typed}).content.decode()
    assert "Did you mean" in page
    assert f'href="?q={meant}"' in page
    assert f'href="/missions/{slug}/"' in page
    data = client.get("/search/", {"q": typed, "format": "json"}).json()
    assert data["corrected"] == meant
    assert data["count"] == len(result.hits)


def test_a_query_that_matches_is_not_corrected(seeded):
    result = forgiving_search("artemis")
    assert result.corrected is None
    assert result.hits
    assert correct("art") is None


def test_gibberish_is_neither_corrected_nor_found(client, seeded):
    assert forgiving_search("qqxxzz").hits == []
    assert correct("qqxxzz") is None
    page = client.get("/search/", {"q": "qqxxzz"}).content.decode()
    assert "Did you mean" not in page
    assert "0 results" in page


def test_each_word_of_a_query_is_corrected_on_its_own(seeded):
    assert correct("artmis moon") in {"Artemis moon", "Artemis Moon"}
