"""Sign in (throttled), sign out, and accepting an invitation (choose a password)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import reverse_lazy

from ger.workspace.forms import SignInForm


class SignInView(auth_views.LoginView):
    """Django's sign-in; django-axes refuses tries after repeated failures
    (``ger.workspace.sign_in_throttle``)."""

    template_name = "workspace/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class SignOutView(auth_views.LogoutView):
    template_name = "workspace/logged_out.html"


class InvitationView(auth_views.PasswordResetConfirmView):
    """Open an invitation link: the new user chooses a password."""

    template_name = "workspace/invitation.html"
    success_url = reverse_lazy("workspace:invitation_done")
    post_reset_login = True
    # The throttle's backend only refuses; the model backend signs the user in.
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"


class InvitationDoneView(auth_views.PasswordResetCompleteView):
    template_name = "workspace/invitation_done.html"
