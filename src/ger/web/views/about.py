"""What the data is, where each part comes from, what it covers, how current it is,
and the licence it is published under."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from ger.datalicence import attribution, data_licence
from ger.editions.models import Edition, EditionPlan
from ger.http.negotiation import respond
from ger.http.pages import cached_page
from ger.plans.coverage import destination_counts, status_counts, tier_counts
from ger.plans.models import Dependency, Mission, MissionSource
from ger.registry.models import Agency


def _attributions(last_change: dt.datetime | None) -> list[tuple[Edition, str]]:
    """Return the attribution lines of the latest published edition and the draft.

    The working draft is dated by the last change of the mission records, as its
    data package is (ger.exports.datapackage.edition_attribution).
    """
    found = []
    latest = (
        Edition.objects.current().defer("snapshot").order_by("-released_on").first()
    )
    draft = (
        Edition.objects.filter(status=Edition.Status.DRAFT)
        .defer("snapshot")
        .order_by("pk")
        .first()
    )
    as_of = timezone.localtime(last_change).date() if last_change else None
    for edition in (latest, draft):
        if edition is not None:
            released = edition.released if edition.is_published else None
            found.append(
                (
                    edition,
                    attribution(
                        edition.title,
                        edition.code,
                        str(released) if released else None,
                        as_of,
                    ),
                )
            )
    return found


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
    coverage: dict[str, list[Any]] = {
        "destinations": destination_counts(),
        "statuses": status_counts(),
        "tiers": tier_counts(),
    }
    licence = data_licence()
    attributions = _attributions(figures["last_change"])

    def data() -> dict[str, Any]:
        return {
            **figures,
            "last_change": figures["last_change"].isoformat()
            if figures["last_change"]
            else None,
            "coverage": {
                name: [asdict(line) for line in lines]
                for name, lines in coverage.items()
            },
            "licence": licence.as_descriptor(),
            "attribution": [
                {"edition": edition.code, "line": line}
                for edition, line in attributions
            ],
        }

    return respond(
        request,
        "web/about.html",
        {
            "figures": figures,
            "coverage": coverage,
            "data_licence": licence,
            "attributions": attributions,
        },
        data,
    )
