"""A user's API tokens: create one (shown once) or revoke one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ger.access import write_view
from ger.registry.models import ApiToken
from ger.registry.tokens import create_token, revoke_token
from ger.workspace.views.common import acting_user, member_required


@write_view
@member_required
def tokens(request: HttpRequest) -> HttpResponse:
    """List the user's tokens; POST creates one or revokes one."""
    user = acting_user(request)
    mine = ApiToken.objects.filter(user=user)
    secret = ""
    error = ""
    status = 200
    if request.method == "POST":
        if "revoke" in request.POST:
            wanted = request.POST.get("revoke", "").strip()
            # A token id is a whole number: anything else names no token of yours.
            token = mine.filter(pk=int(wanted)).first() if wanted.isdigit() else None
            if token is None:
                error, status = _("revoke: no such token of yours"), 404
            else:
                revoke_token(token)
        else:
            name = request.POST.get("name", "").strip()
            if not name:
                error, status = _("name: give the token a name (what it is for)"), 400
            elif len(name) > 100:
                error, status = _("name: at most 100 characters"), 400
            else:
                _token, secret = create_token(user, name)
    context = {"tokens": mine.order_by("-created_at"), "secret": secret, "error": error}
    return render(request, "workspace/tokens.html", context, status=status)
