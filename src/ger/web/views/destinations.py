"""Destinations with their missions, and the south-polar landing-site map."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ger.charts.polar_map import Site, on_map, render_south_pole
from ger.exports.serialize import mission as mission_summary
from ger.http.negotiation import respond
from ger.http.pages import cached_page
from ger.http.pagination import page_data, page_of
from ger.imagery.services import images_of
from ger.plancache import plan_cached
from ger.plans.filters import destination_with_descendants
from ger.plans.models import Destination, Mission

LUNAR_SURFACE = "lunar-surface"


def mission_counts() -> dict[int, int]:
    """Return the number of missions of each destination id (those with any)."""
    # One pass over the destination index: joining and grouping the destinations'
    # full rows instead cost about 100 ms at 100,000 missions.
    return dict(
        Mission.objects.order_by()
        .filter(destination__isnull=False)
        .values_list("destination_id")
        .annotate(n=Count("id"))
        .values_list("destination_id", "n")
    )


@cached_page
def destination_list(request: HttpRequest) -> HttpResponse:
    # The counts change only with the plan: kept for the plan generation.
    counts = plan_cached("destination-mission-counts", mission_counts)
    destinations = list(
        Destination.objects.select_related("parent").order_by("position")
    )
    for destination in destinations:
        destination.n = counts.get(destination.id, 0)  # type: ignore[attr-defined]  # for the template
    context = {"destinations": destinations}

    def data() -> dict[str, Any]:
        return {
            "destinations": [
                {
                    "slug": d.slug,
                    "name": d.name,
                    "parent": d.parent.slug if d.parent else None,
                    "missions": counts.get(d.id, 0),
                    "url": f"/destinations/{d.slug}/",
                }
                for d in destinations
            ]
        }

    return respond(request, "web/destination_list.html", context, data)


def landing_sites(missions: Iterable[Mission]) -> list[Site]:
    """Return the missions' landing sites that have coordinates."""
    return [
        Site(
            name=m.name,
            url=m.get_absolute_url(),
            latitude=m.site_latitude,
            longitude=m.site_longitude,
            kind=m.site_kind,
            kind_label=str(m.get_site_kind_display()),
            uncertain=m.site_uncertain,
        )
        for m in missions
        if m.site_latitude is not None and m.site_longitude is not None
    ]


@cached_page
def destination_detail(request: HttpRequest, slug: str) -> HttpResponse:
    destination = get_object_or_404(
        Destination.objects.select_related("parent"), slug=slug
    )
    slugs = destination_with_descendants([slug])
    # Thousands of missions at scale: one page of them, counted by the database.
    page, querystring = page_of(
        request,
        Mission.objects.with_related()
        .filter(destination__slug__in=slugs)
        .order_by("planned_launch_on", "actual_launch_on", "slug"),
    )
    children = list(destination.children.order_by("position"))
    map_svg = ""
    sites: list[Site] = []
    mapped: list[Site] = []
    if LUNAR_SURFACE in {slug, destination.parent.slug if destination.parent else ""}:
        # The sites of the missions listed on this page: a map stays readable.
        sites = landing_sites(page.object_list)
        mapped = on_map(sites)
        map_svg = render_south_pole(mapped) if mapped else ""
    context = {
        "destination": destination,
        "children": children,
        "page": page,
        "missions": page.object_list,
        "querystring": querystring,
        "map": mark_safe(map_svg),  # built from escaped parts
        "sites": sites,
        "mapped_sites": mapped,
        "site_groups": [
            {"caption": _("Landing sites on the map"), "sites": mapped},
            {
                "caption": _(
                    "Landing sites in the northern hemisphere (not on the map)"
                ),
                "sites": [site for site in sites if site not in mapped],
            },
        ],
        "images": images_of(destination),
    }

    return respond(
        request,
        "web/destination.html",
        context,
        lambda: _destination_data(request, context),
    )


def _destination_data(request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    """Return the page's JSON twin: the destination and its page of missions."""
    destination: Destination = context["destination"]
    page = context["page"]
    return {
        "slug": destination.slug,
        "name": destination.name,
        "description": destination.description,
        "parent": destination.parent.slug if destination.parent else None,
        "children": [c.slug for c in context["children"]],
        **page_data(request, page),
        "missions": [mission_summary(m) for m in page.object_list],
        "landing_sites": [
            {
                "name": s.name,
                "latitude": s.latitude,
                "longitude": s.longitude,
                "kind": s.kind,
                "uncertain": s.uncertain,
            }
            for s in context["sites"]
        ],
    }
