"""Send notices: into members' inboxes, and by e-mail through Django's mail framework.

Who receives what follows each member's preferences (``Preference``), with
``DEFAULT_WANTED`` for the kinds they never chose.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q, QuerySet

from ger.notifications.models import DEFAULT_WANTED, Kind, Notification, Preference
from ger.registry.models import UserRole


@dataclass(frozen=True)
class Choice:
    """What one member wants of one kind of notice."""

    in_inbox: bool
    by_email: bool


def choices_of(user: User) -> dict[str, Choice]:
    """Return the member's choice for every kind of notice."""
    chosen = {
        p.kind: Choice(p.in_inbox, p.by_email)
        for p in Preference.objects.filter(user=user)
    }
    return {
        kind: chosen.get(kind, Choice(DEFAULT_WANTED[kind], DEFAULT_WANTED[kind]))
        for kind in Kind.values
    }


def save_choices(user: User, choices: dict[str, Choice]) -> None:
    """Store the member's choices, one row per kind."""
    with transaction.atomic():
        for kind, choice in choices.items():
            Preference.objects.update_or_create(
                user=user,
                kind=kind,
                defaults={"in_inbox": choice.in_inbox, "by_email": choice.by_email},
            )


def secretariat_members() -> QuerySet[User]:
    return User.objects.filter(is_active=True, ger_role__kind=UserRole.Kind.SECRETARIAT)


def agency_editors(codes: Iterable[str]) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        ger_role__kind=UserRole.Kind.EDITOR,
        ger_role__agency__code__in=list(codes),
    )


def members_who_asked(kind: str) -> QuerySet[User]:
    """Return the members who chose to receive ``kind`` (by inbox or e-mail)."""
    asked = Preference.objects.filter(kind=kind).filter(
        Q(in_inbox=True) | Q(by_email=True)
    )
    return User.objects.filter(is_active=True, pk__in=asked.values("user_id"))


def absolute(url: str) -> str:
    """Return a site address for e-mail, where a path alone leads nowhere."""
    return f"{settings.GER_SITE_URL.rstrip('/')}{url}" if url.startswith("/") else url


def notify(
    kind: str,
    recipients: Iterable[User],
    title: str,
    body: str = "",
    url: str = "",
    *,
    exclude: User | None = None,
) -> int:
    """Send a notice to each recipient as they chose; return how many got it."""
    people = {user.pk: user for user in recipients if user.is_active}
    if exclude is not None:
        people.pop(exclude.pk, None)
    if not people:
        return 0
    chosen = {
        p.user_id: Choice(p.in_inbox, p.by_email)
        for p in Preference.objects.filter(user_id__in=people, kind=kind)
    }
    default = Choice(DEFAULT_WANTED[kind], DEFAULT_WANTED[kind])
    inbox = [pk for pk in people if chosen.get(pk, default).in_inbox]
    mail = [
        people[pk].email
        for pk in people
        if chosen.get(pk, default).by_email and people[pk].email
    ]
    Notification.objects.bulk_create(
        Notification(recipient_id=pk, kind=kind, title=title[:300], body=body, url=url)
        for pk in inbox
    )
    if mail:
        text = "\n\n".join(part for part in (body, absolute(url)) if part)
        messages = [
            EmailMessage(f"[GER] {title}", text, to=[address]) for address in mail
        ]
        # Sent once the change is committed: a rolled-back change tells nobody.
        transaction.on_commit(
            lambda: get_connection(fail_silently=True).send_messages(messages)
        )
    return len(set(inbox) | {pk for pk in people if people[pk].email in mail})
