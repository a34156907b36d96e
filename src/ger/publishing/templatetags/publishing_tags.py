"""Template helpers of the edition document: links that work in the PDF and the site."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from ger.publishing.build.chapters import Chapter
from ger.publishing.build.links import Links
from ger.publishing.build.missions import StatedMission

register = template.Library()


def _links(context: Mapping[str, Any]) -> Links:
    links = context.get("links")
    assert isinstance(links, Links), "the page context has no links"
    return links


@register.simple_tag(takes_context=True)
def mission_href(context: Mapping[str, Any], slug: str) -> str:
    """Return the link to a mission's entry: the annex row or the mission's page."""
    return _links(context).mission(slug)


@register.simple_tag(takes_context=True)
def chapter_href(context: Mapping[str, Any], chapter: Chapter) -> str:
    """Return the link to a chapter: its anchor in the PDF or its page in the site."""
    return _links(context).chapter(chapter.key, chapter.page)


@register.simple_tag(takes_context=True)
def asset_href(context: Mapping[str, Any], path: str) -> str:
    """Return the relative link to a file the site ships."""
    return _links(context).asset(path)


@register.filter
def lookup(mapping: Mapping[str, Any], key: str) -> Any:
    """Return ``mapping[key]``, or an empty string when it is missing."""
    return mapping.get(key, "")


@register.filter
def records(mission: StatedMission, fact: str) -> bool:
    """Return whether the edition's statement about ``mission`` records ``fact``."""
    return mission.records(fact)
