"""Records of the current plan in their one shape, kept for the plan generation.

What a record looks like is the same for every reader — anonymous, signed in or
with a token — so it is worked out once per plan generation and shared through the
cache (``ger.plancache``): the API's mission and the mission page's JSON twin read
it here. Only what differs per reader is made per request.
"""

from __future__ import annotations

from typing import Any

from ger.exports import serialize
from ger.history.missions import mission_etag
from ger.plancache import plan_cached


def mission_detail(slug: str) -> tuple[str, dict[str, Any]] | None:
    """Return the ETag and detail of the mission ``slug``, or None when none is."""

    def compute() -> tuple[str, dict[str, Any]] | None:
        record = serialize.detailed_missions().filter(slug=slug).first()
        if record is None:
            return None
        return mission_etag(record), serialize.mission_detail(record)

    return plan_cached(f"mission-detail:{slug}", compute)
