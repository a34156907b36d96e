"""Sign in (rate-limited), sign out, and accepting an invitation (choose a password)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from ger.workspace.forms import SignInForm

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _failure_key(request: HttpRequest) -> str:
    username = str(request.POST.get("username", "")).strip().lower()[:254]
    address = request.META.get("REMOTE_ADDR", "")
    return f"ger:sign-in-failures:{address}:{username}"


class SignInView(auth_views.LoginView):
    """Django's sign-in, refusing further tries after repeated failures."""

    template_name = "workspace/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if cache.get(_failure_key(request), 0) >= MAX_FAILURES:
            # Refused before the password is even checked.
            form = self.authentication_form(
                request, initial={"username": request.POST.get("username", "")}
            )
            context = self.get_context_data(
                form=form,
                blocked=_("Too many failed sign-ins: wait 15 minutes and try again."),
            )
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        key = _failure_key(self.request)
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, WINDOW_SECONDS)
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def form_valid(self, form: Any) -> HttpResponse:
        cache.delete(_failure_key(self.request))
        return super().form_valid(form)


class SignOutView(auth_views.LogoutView):
    template_name = "workspace/logged_out.html"


class InvitationView(auth_views.PasswordResetConfirmView):
    """Open an invitation link: the new user chooses a password."""

    template_name = "workspace/invitation.html"
    success_url = reverse_lazy("workspace:invitation_done")
    post_reset_login = True


class InvitationDoneView(auth_views.PasswordResetCompleteView):
    template_name = "workspace/invitation_done.html"
