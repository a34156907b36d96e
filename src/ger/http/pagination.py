"""The one page-number pagination of the pages (the API pages by limit and offset).

A page number that is not one gives the first page, one past the end the last; a
JSON twin says where its page stands (``page_data``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 50


def page_of(
    request: HttpRequest,
    items: QuerySet[Any] | Sequence[Any],
    count: int | None = None,
    size: int = PAGE_SIZE,
) -> tuple[Page[Any], str]:
    """Return the page of ``items`` the request asks for, and its other parameters.

    A page number that is not one gives the first page, one past the end the last:
    never an error. ``count``, when known, saves the paginator a count query.
    """
    paginator = Paginator(items, size)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    return page, params.urlencode()


def page_data(request: HttpRequest, page: Page[Any]) -> dict[str, Any]:
    """Return where ``page`` stands, for a JSON twin: counts and the pages around it.

    ``next`` and ``previous`` are the addresses of those pages (the same query, the
    same format), or null.
    """

    def link(number: int | None) -> str | None:
        if number is None:
            return None
        params = request.GET.copy()
        params["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "next": link(page.next_page_number() if page.has_next() else None),
        "previous": link(page.previous_page_number() if page.has_previous() else None),
    }
