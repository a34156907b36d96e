"""What every workspace view shares: sign-in checks, refusals (from ``ger.access``)
and form error lists."""

from __future__ import annotations

from django import forms

from ger.access import acting_user, forbidden, member_required

__all__ = ["acting_user", "error_list", "forbidden", "member_required"]


def error_list(form: forms.BaseForm) -> list[str]:
    """Return every form error as "Field label: message"."""
    messages = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        for message in errors:
            messages.append(f"{label}: {message}" if label else str(message))
    return messages
