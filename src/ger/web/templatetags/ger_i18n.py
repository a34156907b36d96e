"""Template helpers for reading GER in several languages.

``{% language_versions as versions %}`` gives the address of the current page in
every language (for the switcher and the hreflang links); ``|plan_date`` shows a
plan date as people read it in the active language; ``|translated`` shows a record's
translated text, marking an English fallback as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_from_path

from ger.plandates import PlanDate, PlanDateError
from ger.translated_content import TranslatedText

register = template.Library()


@dataclass(frozen=True)
class LanguageVersion:
    """The current page in one language."""

    code: str
    name: str
    url: str
    absolute_url: str
    current: bool
    default: bool


@register.simple_tag(takes_context=True)
def language_versions(context: template.Context) -> list[LanguageVersion]:
    """Return the current page's address in each language, the query string kept.

    Page paths are the same in every language apart from the prefix (English has
    none), so swapping the prefix is enough, and it also works on a 404 page.
    """
    request = context.get("request")
    if request is None:
        return []
    path = request.path_info
    prefix = get_language_from_path(path)
    if prefix is not None:
        path = path[len(prefix) + 1 :] or "/"
    script = request.path[: len(request.path) - len(request.path_info)]
    query = request.META.get("QUERY_STRING", "")
    default = settings.LANGUAGE_CODE
    active = get_language() or default
    versions = []
    for code, name in settings.LANGUAGES:
        url = script + ("" if code == default else f"/{code}") + path
        if query:
            url += f"?{query}"
        versions.append(
            LanguageVersion(
                code=code,
                name=str(name),
                url=url,
                absolute_url=request.build_absolute_uri(url),
                current=code == active,
                default=code == default,
            )
        )
    return versions


@register.filter
def plan_date(value: Any) -> str:
    """Return a plan date (or its machine form) as read in the active language.

    "2028-03" reads "March 2028", "mars 2028" or "marzo de 2028"; "" when there is
    no date, so that ``|default:"—"`` still works.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, PlanDate):
        return value.label()
    try:
        return PlanDate.parse(str(value)).label()
    except PlanDateError:
        return str(value)


@register.filter
def translated(value: Any) -> SafeString:
    """Return a translated text as HTML: an English fallback is marked "(in English)".

    Templates call ``str()`` on objects before escaping them, so the markup that
    tags the fallback with ``lang="en"`` needs this filter.
    """
    if isinstance(value, TranslatedText):
        return value.__html__()
    return SafeString(conditional_escape(value))
