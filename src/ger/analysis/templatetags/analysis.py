"""Template tags that put analyses on other pages (agency and mission pages).

``{% load analysis %}`` then ``{% agency_opportunities agency.code %}`` or
``{% mission_outlook mission.slug %}``. Each runs its analysis with the adapter's
bulk queries (about a dozen, whatever the number of missions).
"""

from __future__ import annotations

from typing import Any

from django import template

from ger.analysis import services

register = template.Library()


@register.inclusion_tag("web/analysis/agency_panel.html")
def agency_opportunities(code: str, limit: int = 5) -> dict[str, Any]:
    """Render the agency's best partnership opportunities with their reasons."""
    return {"agency": code, "report": services.partnerships(agency=code, limit=limit)}


@register.inclusion_tag("web/analysis/mission_panel.html")
def mission_outlook(slug: str) -> dict[str, Any]:
    """Render the mission's launch forecast and what its slip would move."""
    outlook, published = services.mission_panel(slug)
    return {"slug": slug, "outlook": outlook, "published": published}
