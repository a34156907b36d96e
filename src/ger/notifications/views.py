"""The member's inbox and notification preferences."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ger.access import acting_user, member_required, write_view
from ger.http.pagination import page_of
from ger.notifications.models import Kind, Notification
from ger.notifications.services import Choice, choices_of, save_choices

PAGE_SIZE = 50


@write_view
@member_required
def inbox(request: HttpRequest) -> HttpResponse:
    """List the member's notices; POST marks one (``id``) or all of them read."""
    user = acting_user(request)
    notices = Notification.objects.filter(recipient=user)
    if request.method == "POST":
        chosen = notices.unread()
        picked = request.POST.get("id", "")
        if picked.isdigit():
            chosen = chosen.filter(pk=int(picked))
        chosen.update(read_at=timezone.now())
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}
        ):
            return redirect(target)
        return redirect("notifications:inbox")
    page, _query = page_of(request, notices, size=PAGE_SIZE)
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread": notices.unread().count()},
    )


class PreferencesForm(forms.Form):
    """Two boxes per kind of notice: in the inbox, and by e-mail."""

    def __init__(
        self, *args: object, initial_choices: dict[str, Choice], **kwargs: object
    ):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for kind in Kind.values:
            choice = initial_choices[kind]
            self.fields[f"{kind}__inbox"] = forms.BooleanField(
                label=gettext_lazy("In the inbox"),
                required=False,
                initial=choice.in_inbox,
            )
            self.fields[f"{kind}__email"] = forms.BooleanField(
                label=gettext_lazy("By e-mail"), required=False, initial=choice.by_email
            )
        self.rows = [
            (label, self[f"{kind}__inbox"], self[f"{kind}__email"])
            for kind, label in Kind.choices
        ]

    def choices(self) -> dict[str, Choice]:
        return {
            kind: Choice(
                bool(self.cleaned_data[f"{kind}__inbox"]),
                bool(self.cleaned_data[f"{kind}__email"]),
            )
            for kind in Kind.values
        }


@write_view
@member_required
def preferences(request: HttpRequest) -> HttpResponse:
    """Let the member choose which notices they receive, and how."""
    user = acting_user(request)
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        initial_choices=choices_of(user),
    )
    if request.method == "POST" and form.is_valid():
        save_choices(user, form.choices())
        messages.success(request, _("Your notification choices are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
