"""Full-text search over the entries: FTS5 on SQLite, tsvector on PostgreSQL."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.html import escape

from ger.search.models import SearchEntry

# Private-use sentinels mark matches before the text is escaped for HTML.
MARK_START, MARK_END = "\ue000", "\ue001"
TOKEN = re.compile(r"\w+", re.UNICODE)
MAX_TOKENS = 8


@dataclass(frozen=True)
class SearchHit:
    """One result: what it is, where it lives, and its text with matches marked."""

    kind: str
    kind_label: str
    title_html: str
    snippet_html: str
    url: str
    score: float


def search_tokens(text: str) -> list[str]:
    """Return the words of a user's query (punctuation and operators dropped)."""
    return TOKEN.findall(text.lower())[:MAX_TOKENS]


def clean_text(text: str) -> str:
    """Return ``text`` without NUL characters (PostgreSQL refuses them)."""
    return text.replace("\x00", "")


def _connection() -> BaseDatabaseWrapper:
    """The database search reads from: a read replica when there are some."""
    return connections[router.db_for_read(SearchEntry)]


def _highlight(text: str) -> str:
    return escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def search(text: str, limit: int = 50) -> list[SearchHit]:
    """Return the best entries matching every word of ``text`` (as prefixes)."""
    text = clean_text(text)
    tokens = search_tokens(text)
    if not tokens:
        return []
    if _connection().vendor == "postgresql":
        rows = _search_postgresql(text, tokens, limit)
    else:
        rows = _search_sqlite(tokens, limit)
    labels = dict(SearchEntry.Kind.choices)
    return [
        SearchHit(
            kind,
            str(labels.get(kind, kind)),
            _highlight(title),
            _highlight(snippet),
            url,
            float(score),
        )
        for kind, title, snippet, url, score in rows
    ]


def _search_sqlite(
    tokens: list[str], limit: int
) -> list[tuple[str, str, str, str, float]]:
    match = " ".join(f'"{token}"*' for token in tokens)
    sql = (
        "SELECT e.kind, highlight(search_fts, 0, %s, %s), "
        "snippet(search_fts, 1, %s, %s, '…', 16), e.url, bm25(search_fts, 10.0, "
        "1.0) AS score "
        "FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid "
        "WHERE search_fts MATCH %s ORDER BY score, e.title LIMIT %s"
    )
    with _connection().cursor() as cursor:
        cursor.execute(sql, [MARK_START, MARK_END, MARK_START, MARK_END, match, limit])
        # bm25 is lower for better matches; turn it into a score where higher is better.
        return [(k, t, s, u, -score) for k, t, s, u, score in cursor.fetchall()]


def _search_postgresql(
    text: str, tokens: list[str], limit: int
) -> list[tuple[str, str, str, str, float]]:
    # Whole words as PostgreSQL parses them ("Chandrayaan-5"), or each word as a prefix.
    prefixes = " & ".join(f"{token}:*" for token in tokens)
    document = (
        "setweight(to_tsvector('simple', coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('simple', coalesce(body, '')), 'B')"
    )
    options = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=24, MinWords=8"
    sql = (
        "SELECT kind, ts_headline('simple', title, q, %s), "
        "ts_headline('simple', body, q, %s), "
        f"url, ts_rank({document}, q) AS score "
        f"FROM search_searchentry, "
        "(SELECT plainto_tsquery('simple', %s) || to_tsquery('simple', %s) AS q) "
        "AS query "
        f"WHERE ({document}) @@ q ORDER BY score DESC, title LIMIT %s"
    )
    with _connection().cursor() as cursor:
        cursor.execute(
            sql, [f"HighlightAll=true, {options}", options, text, prefixes, limit]
        )
        return list(cursor.fetchall())


def search_mission_slugs(text: str, limit: int = 10000) -> list[str]:
    """Return the slugs of the missions whose search entry matches ``text``."""
    text = clean_text(text)
    tokens = search_tokens(text)
    if not tokens:
        return []
    database = _connection()
    if database.vendor == "postgresql":
        document = (
            "setweight(to_tsvector('simple', coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('simple', coalesce(body, '')), 'B')"
        )
        sql = (
            "SELECT key FROM search_searchentry, "
            "(SELECT plainto_tsquery('simple', %s) || to_tsquery('simple', %s) AS q) "
            "AS query "
            f"WHERE kind = 'mission' AND ({document}) @@ q LIMIT %s"
        )
        params: list[str | int] = [text, " & ".join(f"{t}:*" for t in tokens), limit]
    else:
        sql = (
            "SELECT e.key FROM search_fts JOIN search_searchentry e "
            "ON e.id = search_fts.rowid "
            "WHERE search_fts MATCH %s AND e.kind = 'mission' LIMIT %s"
        )
        params = [" ".join(f'"{token}"*' for token in tokens), limit]
    with database.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
