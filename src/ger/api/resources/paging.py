"""Limit/offset pagination shared by every list endpoint."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db.models import QuerySet

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
# Far beyond any real list; keeps offsets inside the databases' integer range.
MAX_OFFSET = 1_000_000_000

T = TypeVar("T")


def paginate(
    items: QuerySet[Any] | Sequence[T],
    limit: int,
    offset: int,
    serialize: Callable[[Any], dict[str, Any]],
) -> dict[str, Any]:
    """Return one page of ``items`` in the list envelope."""
    return paginate_whole(
        items, limit, offset, lambda window: [serialize(item) for item in window]
    )


def paginate_whole(
    items: QuerySet[Any] | Sequence[T],
    limit: int,
    offset: int,
    serialize_page: Callable[[Any], list[dict[str, Any]]],
    count: Callable[[], int] | None = None,
) -> dict[str, Any]:
    """Return one page of ``items``, serialized at once by ``serialize_page``.

    ``count`` counts them all when given (it may read a kept count).
    """
    if count is not None:
        total = count()
    else:
        total = items.count() if isinstance(items, QuerySet) else len(items)
    window = items[offset : offset + limit]
    return {
        "count": total,
        "limit": limit,
        "offset": offset,
        "results": serialize_page(window),
    }
