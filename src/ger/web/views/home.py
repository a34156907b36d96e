"""The home page: the group, its members, what comes next, the latest edition."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.safestring import mark_safe

from ger.charts.membership import CountPoint, render_membership
from ger.editions.models import Edition
from ger.exports.serialize import mission as mission_summary
from ger.http.negotiation import respond
from ger.http.pages import cached_page
from ger.plans.coverage import top_level_counts
from ger.plans.models import Mission
from ger.registry.models import Agency, MembershipCount
from ger.web.serializers import edition_summary

SUGGESTED_SEARCHES = ("Artemis", "south pole", "Gateway", "sample return", "Mars")


@cached_page
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    member_count = Agency.objects.members().count()
    counts = list(MembershipCount.objects.all())
    # Only plans still ahead: a date that passed with no launch recorded is not
    # "next", whatever its status says (the mission page says it needs an update).
    upcoming = Mission.objects.with_related().upcoming(today, limit=8)
    latest = (
        Edition.objects.current().defer("snapshot").order_by("-released_on").first()
    )
    chart = render_membership(
        [
            CountPoint(c.counted_on, c.date_note or str(c.counted), c.count)
            for c in counts
        ],
        today,
    )
    context: dict[str, Any] = {
        "member_count": member_count,
        "mission_count": Mission.objects.count(),
        "crewed_count": Mission.objects.filter(crewed=True).count(),
        # Every part of the roadmap, each top-level destination with all below it.
        "scope": top_level_counts(),
        "membership_chart": mark_safe(chart),  # built from escaped parts
        "counts": counts,
        "upcoming": upcoming,
        "latest": latest,
        "suggested": SUGGESTED_SEARCHES,
    }

    def data() -> dict[str, Any]:
        return {
            "member_count": member_count,
            "mission_count": context["mission_count"],
            "crewed_mission_count": context["crewed_count"],
            "missions_by_destination": [
                {"slug": line.slug, "name": line.name, "missions": line.total}
                for line in context["scope"]
            ],
            "membership_counts": [c.as_dict() for c in counts],
            "upcoming": [mission_summary(m) for m in upcoming],
            "latest_edition": edition_summary(latest) if latest else None,
        }

    return respond(request, "web/home.html", context, data)
