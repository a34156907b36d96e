"""Records of the current plan in their one shape, kept for the plan generation.

What a record looks like is the same for every reader — anonymous, signed in or
with a token — so it is worked out once per plan generation and shared through the
cache (``ger.plancache``): the API's mission and the mission page's JSON twin read
it here. Only what differs per reader is made per request.
"""

from __future__ import annotations

import threading
from typing import Any

from cachetools import LRUCache
from django.db.models import QuerySet

from ger.exports import serialize
from ger.history.missions import mission_etag
from ger.plancache import plan_cached, plan_generation
from ger.plans.models import Mission

# This process's summaries of the current plan's missions, by id, for the plan
# generation they were read in: a page of a list reads its missions' ids and takes
# what it finds here, reading only the others. Kept as they are (no pickling) and
# bounded, so a plan of 100,000 missions costs at most this many.
SUMMARIES_KEPT = 20_000
_summaries: LRUCache[int, dict[str, Any]] = LRUCache(maxsize=SUMMARIES_KEPT)
_summaries_generation = [""]
_summaries_lock = threading.Lock()


def mission_detail(slug: str) -> tuple[str, dict[str, Any]] | None:
    """Return the ETag and detail of the mission ``slug``, or None when none is."""

    def compute() -> tuple[str, dict[str, Any]] | None:
        record = serialize.detailed_missions().filter(slug=slug).first()
        if record is None:
            return None
        return mission_etag(record), serialize.mission_detail(record)

    return plan_cached(f"mission-detail:{slug}", compute)


def page_ids(missions: QuerySet[Mission]) -> list[int]:
    """Return the ids of ``missions`` (a sliced page), in its order: one query."""
    return list(
        missions.select_related(None)
        .prefetch_related(None)
        .values_list("pk", flat=True)
    )


def summaries_of(ids: list[int]) -> list[dict[str, Any]]:
    """Return the summaries of the missions ``ids``, in that order.

    Each mission's summary is the same for every reader until the plan changes, so
    those this process read in the current plan generation are reused and only the
    others read (two queries). The summaries returned are shared: callers copy
    before they change one.
    """
    generation = plan_generation()
    with _summaries_lock:
        if _summaries_generation[0] != generation:
            _summaries.clear()
            _summaries_generation[0] = generation
        found: dict[int, dict[str, Any] | None] = {pk: _summaries.get(pk) for pk in ids}
    missing = [pk for pk, summary in found.items() if summary is None]
    if missing:
        read = serialize.summaries_by_id(Mission.objects.filter(pk__in=missing))
        found.update(read)
        with _summaries_lock:
            if _summaries_generation[0] == generation:
                for pk, summary in read.items():
                    _summaries[pk] = summary
    # A mission deleted between the two reads is left out.
    return [kept for kept in (found[pk] for pk in ids) if kept is not None]
