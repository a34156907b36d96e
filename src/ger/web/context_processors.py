"""Template context every page gets."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from ger.access import has_role


def editor_view(request: HttpRequest) -> dict[str, Any]:
    """Say whether the reader is an editor or the secretariat (``editor_view``).

    Editors see what readers do not: how a fact was gathered, doubts and research
    notes. Anonymous pages, which the shared cache keeps, never do. Worked out only
    when a template asks.
    """

    def decide() -> bool:
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated and has_role(user))

    return {"editor_view": SimpleLazyObject(decide)}
