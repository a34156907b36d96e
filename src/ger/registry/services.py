"""Account processes: create editor and secretariat accounts, invitations, demo cast."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ger.registry.models import Agency, UserRole

AnyUser = AbstractBaseUser | AnonymousUser
_ROLE_CACHE = "_ger_role_cache"


class AccountError(ValueError):
    """An account cannot be created as asked; ``field`` names the culprit."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def role_of(user: AnyUser | None) -> UserRole | None:
    """Return the user's GER role, or None for anonymous users and plain accounts."""
    if user is None or not user.is_authenticated:
        return None
    role: UserRole | None = getattr(user, _ROLE_CACHE, None)
    if role is None:
        role = UserRole.objects.select_related("agency").filter(user_id=user.pk).first()
        # Cached on the user object: one query per request, not one per check.
        setattr(user, _ROLE_CACHE, role)
    return role


def find_agency(code: str) -> Agency:
    """Return the agency with this code (any case, or a former name)."""
    agency = Agency.objects.filter(code__iexact=code.strip()).first()
    if agency is None:
        for candidate in Agency.objects.exclude(former_names=[]):
            if code.strip().lower() in (n.lower() for n in candidate.former_names):
                return candidate
        raise AccountError(
            "agency", _("no agency has the code %(code)s") % {"code": code}
        )
    return agency


@transaction.atomic
def create_account(
    email: str, kind: str, agency_code: str | None = None, password: str | None = None
) -> User:
    """Create a user with a role; with no password it awaits an invitation."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise AccountError(
            "email", _("%(email)s is not an e-mail address") % {"email": email}
        ) from None
    if kind not in UserRole.Kind.values:
        raise AccountError("role", _("the role must be editor or secretariat"))
    agency = find_agency(agency_code) if agency_code else None
    if kind == UserRole.Kind.EDITOR and agency is None:
        raise AccountError(
            "agency", _("an editor belongs to one agency: give its code")
        )
    if User.objects.filter(username__iexact=email).exists():
        raise AccountError(
            "email", _("an account for %(email)s exists") % {"email": email}
        )
    user = User.objects.create_user(username=email, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    UserRole.objects.create(user=user, kind=kind, agency=agency)
    return user


def invitation_parts(user: AbstractBaseUser) -> tuple[str, str]:
    """Return the (uid, token) pair of a link that lets the user choose a password."""
    return urlsafe_base64_encode(
        force_bytes(user.pk)
    ), default_token_generator.make_token(user)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: str
    agency: str | None


DEMO_CAST = (
    ("secretariat@demo.ger.invalid", UserRole.Kind.SECRETARIAT, None),
    ("nasa-editor@demo.ger.invalid", UserRole.Kind.EDITOR, "NASA"),
    ("esa-editor@demo.ger.invalid", UserRole.Kind.EDITOR, "ESA"),
)


@transaction.atomic
def ensure_demo_accounts() -> list[DemoAccount]:
    """Create (or reset) the demo cast and return its sign-in details."""
    accounts = []
    for email, kind, agency_code in DEMO_CAST:
        if agency_code and not Agency.objects.filter(code=agency_code).exists():
            continue
        password = f"demo-{secrets.token_urlsafe(9)}"
        existing = User.objects.filter(username=email).first()
        if existing is None:
            create_account(email, kind, agency_code, password)
        else:
            existing.set_password(password)
            existing.save(update_fields=["password"])
        accounts.append(DemoAccount(email, password, str(kind), agency_code))
    return accounts
