"""``ger reindex``: rebuild the full-text search index from the records."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ger.search.indexing import rebuild_search_index


class Command(BaseCommand):
    help = "Rebuild the search index (agencies, missions, objectives, goals, editions)."

    def handle(self, *args: Any, **options: Any) -> str:
        return f"{rebuild_search_index()} search entries indexed."
