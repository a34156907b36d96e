"""Forgiving search: correct a misspelt query from the names GER knows.

A query that finds nothing is checked word by word against the words of every
entry's name (agencies, missions, objectives, editions, places). A word that begins
no name word is replaced by the most similar one, by trigram similarity — the
measure of PostgreSQL's ``pg_trgm`` (the share of three-letter pieces two words
have in common), computed here so that SQLite and PostgreSQL answer alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from ger.plancache import plan_cached
from ger.search.models import SearchEntry
from ger.search.queries import TOKEN, SearchHit, search, search_tokens

# pg_trgm's default threshold: below it two words are not considered alike.
SIMILARITY_THRESHOLD = 0.3


@dataclass(frozen=True)
class SearchResult:
    """The hits of a search and, when the query was corrected, what was searched."""

    hits: list[SearchHit]
    corrected: str | None = None


def trigrams(word: str) -> set[str]:
    """Return the trigrams of a word as pg_trgm pads them ("  w", " wo", …, "d ")."""
    padded = f"  {word.lower()} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(first: str, second: str) -> float:
    """Return the share of trigrams two words have in common (0 to 1)."""
    a, b = trigrams(first), trigrams(second)
    return len(a & b) / len(a | b) if a or b else 0.0


def name_words() -> dict[str, str]:
    """Return every word of the entries' names, lower case, with its usual spelling."""

    def collect() -> dict[str, str]:
        words: dict[str, str] = {}
        for title in SearchEntry.objects.values_list("title", flat=True).iterator():
            for word in TOKEN.findall(title):
                if len(word) > 2 and not word.isdigit():
                    words.setdefault(word.lower(), word)
        return words

    return plan_cached("search-name-words", collect)


def correct(text: str) -> str | None:
    """Return ``text`` with each unknown word replaced by the closest name word.

    Return None when every word is known or nothing close enough exists.
    """
    words = name_words()
    corrected: list[str] = []
    changed = False
    for token in search_tokens(text):
        if token.isdigit() or any(word.startswith(token) for word in words):
            corrected.append(token)
            continue
        best, score = token, SIMILARITY_THRESHOLD
        for word in words:
            # Two words whose lengths differ by more than half cannot be alike enough.
            if abs(len(word) - len(token)) * 2 > max(len(word), len(token)):
                continue
            found = similarity(token, word)
            if found > score or (found == score and best == token):
                best, score = word, found
        if best != token:
            changed = True
        corrected.append(words.get(best, best))
    return " ".join(corrected) if changed else None


def forgiving_search(text: str, limit: int = 50) -> SearchResult:
    """Search ``text``; when it finds nothing, search its correction instead."""
    hits = search(text, limit)
    if hits:
        return SearchResult(hits)
    corrected = correct(text)
    if corrected is None:
        return SearchResult([])
    return SearchResult(search(corrected, limit), corrected)
