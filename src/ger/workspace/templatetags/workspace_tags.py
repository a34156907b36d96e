from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from ger.history.models import Revision
from ger.registry.models import UserRole
from ger.registry.services import role_of
from ger.workspace.history_display import label_of, value_text

register = template.Library()


@register.filter
def field_label(name: str, record_type: str = Revision.RecordType.MISSION) -> str:
    """Return the human name of a revision's field."""
    return label_of(record_type, name)


@register.filter
def value_text_filter(value: Any) -> str:
    """Return a revision value as one line of text."""
    return value_text(value)


register.filter("value_text", value_text_filter)


@register.filter
def role_words(label: str) -> str:
    """Return a revision's stored author role ("NASA editor") in the active language."""
    if label == "system":
        return _("data load")
    if label == "secretariat":
        return _("secretariat")
    agency, _space, rest = label.partition(" ")
    if rest == "editor":
        return _("%(agency)s editor") % {"agency": agency}
    return label


@register.simple_tag
def ger_role(user: Any) -> UserRole | None:
    """Return the user's GER role (one query per request at most)."""
    return role_of(user)


@register.simple_tag
def unread_notices(user: Any) -> int:
    """Return how many notices in the member's inbox are unread."""
    from ger.notifications.models import Notification

    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


# What the history shows only to editors: their notes and doubts, and the raw
# source list (readers see sources graded and cited on the page instead).
EDITOR_ONLY_FIELDS = frozenset({"notes", "uncertain_note", "site_note", "sources"})


@register.simple_tag(takes_context=True)
def visible_changes(context: Any, revision: Any) -> list[tuple[str, Any, Any]]:
    """Return the revision's change rows the reader may see (all, for editors)."""
    rows: list[tuple[str, Any, Any]] = revision.change_rows()
    if context.get("editor_view"):
        return rows
    return [row for row in rows if row[0] not in EDITOR_ONLY_FIELDS]
