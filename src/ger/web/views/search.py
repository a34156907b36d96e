"""One search box over agencies, missions, objectives, goals and editions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from ger.http.negotiation import respond
from ger.http.pages import cached_page
from ger.plancache import plan_cached
from ger.search.spelling import SearchResult, forgiving_search
from ger.web.views.home import SUGGESTED_SEARCHES


@cached_page
def search_page(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:200]
    # The same for every reader in one language (the kinds' labels are translated):
    # kept for the plan generation, as a search index changes only with the plan.
    result = (
        plan_cached(f"search:{get_language()}:{text}", lambda: forgiving_search(text))
        if text
        else SearchResult([])
    )
    hits = result.hits
    context = {
        "q": text,
        "hits": hits,
        "corrected": result.corrected,
        "suggested": SUGGESTED_SEARCHES,
    }

    def data() -> dict[str, Any]:
        return {
            "q": text,
            "corrected": result.corrected,
            "count": len(hits),
            "results": [
                {
                    "kind": h.kind,
                    "title": h.title_html,
                    "snippet": h.snippet_html,
                    "url": h.url,
                    "score": round(h.score, 4),
                }
                for h in hits
            ],
        }

    return respond(request, "web/search.html", context, data)
