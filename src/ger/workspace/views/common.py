"""What every workspace view shares: sign-in checks, refusals (from ``ger.access``)
and form error lists."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.utils.translation import gettext as _

from ger.access import acting_user, forbidden, member_required
from ger.editions.models import Edition

__all__ = [
    "acting_user",
    "edition_or_404",
    "error_list",
    "forbidden",
    "member_required",
]


def edition_or_404(slug: str) -> Edition:
    """Return the edition with this slug, drafts included (the workspace's pages)."""
    edition = Edition.objects.filter(slug=slug).first()
    if edition is None:
        raise Http404(_("No edition has this slug."))
    return edition


def error_list(form: forms.BaseForm) -> list[str]:
    """Return every form error as "Field label: message"."""
    messages = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        for message in errors:
            messages.append(f"{label}: {message}" if label else str(message))
    return messages
