"""What every workspace view shares: sign-in checks, refusals, form error lists."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from ger.workspace.permissions import has_role

ViewFunction = Callable[..., HttpResponseBase]


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """Refuse with 403 and say why."""
    return render(request, "workspace/forbidden.html", {"message": message}, status=403)


def member_required(view: ViewFunction) -> ViewFunction:
    """Send anonymous users to sign in; refuse signed-in users who have no role."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_role(request.user):
            return forbidden(request, _("Your account has no GER role yet."))
        return view(request, *args, **kwargs)

    return wrapper


def error_list(form: forms.BaseForm) -> list[str]:
    """Return every form error as "Field label: message"."""
    messages = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        for message in errors:
            messages.append(f"{label}: {message}" if label else str(message))
    return messages


def acting_user(request: HttpRequest) -> User:
    """Return the signed-in user of a view guarded by ``member_required``."""
    user = request.user
    assert isinstance(user, User), "member_required lets only signed-in users through"
    return user
