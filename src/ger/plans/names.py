"""Names of reference records, read once per plan generation."""

from __future__ import annotations

from ger.plancache import plan_cached
from ger.plans.models import Destination


def destination_names() -> dict[str, str]:
    """Return every destination's name by slug, in the tree's order, kept for the
    plan generation."""
    return plan_cached(
        "destination-names",
        lambda: dict(
            Destination.objects.order_by("position", "slug").values_list("slug", "name")
        ),
    )
