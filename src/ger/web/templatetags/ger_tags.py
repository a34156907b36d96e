from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from ger.markdown import render_markdown
from ger.plans.sources import SourceList, ordered_sources

register = template.Library()

ORDERING_LABELS = {
    "planned": _("planned launch, earliest first"),
    "-planned": _("planned launch, latest first"),
    "name": _("name, A to Z"),
    "-name": _("name, Z to A"),
    "lead": _("lead agency"),
    "status": _("status"),
    "launched": _("actual launch, earliest first"),
    "-launched": _("actual launch, latest first"),
}


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """Render Markdown user text as sanitized HTML."""
    return mark_safe(render_markdown(text))  # nh3 has sanitized it


@register.filter(name="get_item")
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """Return ``mapping[key]``, or an empty tuple when it is missing."""
    return mapping.get(key, ())


@register.simple_tag
def ordering_label(key: str) -> str:
    """Return the readable name of a mission-list ordering."""
    return str(ORDERING_LABELS.get(key, key))


@register.filter(name="reader_sources")
def reader_sources(sources: Any) -> SourceList:
    """Return sources (rows or JSON mappings) ordered by standing for readers."""
    return ordered_sources(sources or [])
