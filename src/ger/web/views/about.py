"""What the data is, where each part comes from, and how current it is."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse

from ger.editions.models import Edition, EditionPlan
from ger.http.negotiation import respond
from ger.http.pages import cached_page
from ger.plans.models import Dependency, Mission, MissionSource
from ger.registry.models import Agency


@cached_page
def about(request: HttpRequest) -> HttpResponse:
    plans = dict(
        EditionPlan.objects.values_list("in_edition").annotate(n=Count("pk")).order_by()
    )
    figures = {
        "members": Agency.objects.members().count(),
        "organisations": Agency.objects.count(),
        "missions": Mission.objects.count(),
        "uncertain_missions": Mission.objects.filter(uncertain=True).count(),
        "sources": MissionSource.objects.values("url").distinct().count(),
        "dependencies": Dependency.objects.count(),
        "published_editions": Edition.objects.published().count(),
        "plans_confirmed": plans.get(EditionPlan.Presence.CONFIRMED, 0),
        "plans_unverified": plans.get(EditionPlan.Presence.UNVERIFIED, 0),
        "last_change": Mission.objects.aggregate(last=Max("updated_at"))["last"],
    }

    def data() -> dict[str, Any]:
        return {
            **figures,
            "last_change": figures["last_change"].isoformat()
            if figures["last_change"]
            else None,
        }

    return respond(request, "web/about.html", {"figures": figures}, data)
