"""Who may do what: every object-level rule of GER in one place.

- Anonymous readers read published editions and the current plan; they write nothing.
- An agency editor belongs to one agency. It edits that agency's missions (the lead's
  records), its own part (role) of missions it partners on, and proposes changes to
  any mission it does not lead. It never writes another agency's records directly.
- The secretariat manages accounts, membership and the goals/objectives framework,
  reviews proposals and moves editions from draft to review to published. It does not
  edit agencies' missions directly: it proposes, like everyone else, and decides.
- A proposal is decided by the owning agency (the mission's lead) or the secretariat,
  never by the person who made it.

Views, the API and commands ask these functions; none decides on its own. The
guards every signed-in page shares (``member_required``, ``acting_user``,
``forbidden``) are here too, for the workspace and the notifications alike.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as Account
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from ger.editions.models import ChangeProposal, Edition
from ger.plans.models import Destination, Mission
from ger.registry.models import Agency, UserRole
from ger.registry.services import role_of

User = AbstractBaseUser | AnonymousUser
View = TypeVar("View", bound=Callable[..., Any])
ViewFunction = Callable[..., HttpResponseBase]


def write_view(view: View) -> View:
    """Mark a view as one that changes data: the permission matrix must cover it."""
    view.ger_write_view = True  # type: ignore[attr-defined]
    return view


def has_role(user: User) -> bool:
    return role_of(user) is not None


def is_secretariat(user: User) -> bool:
    role = role_of(user)
    return role is not None and role.kind == UserRole.Kind.SECRETARIAT


def editor_agency(user: User) -> Agency | None:
    """Return the agency the user edits for, or None when not an agency editor."""
    role = role_of(user)
    if role is None or role.kind != UserRole.Kind.EDITOR:
        return None
    return role.agency


def acting_agency(user: User) -> Agency | None:
    """Return the agency in whose name the user acts (editors only)."""
    return editor_agency(user)


def _is_partner(agency: Agency, mission: Mission) -> bool:
    return any(p.agency_id == agency.pk for p in mission.partnerships.all())


def can_create_mission(user: User, lead: Agency | None) -> bool:
    agency = editor_agency(user)
    return agency is not None and lead is not None and lead.pk == agency.pk


def can_edit_mission(user: User, mission: Mission) -> bool:
    agency = editor_agency(user)
    return agency is not None and mission.lead_id == agency.pk


def can_delete_mission(user: User, mission: Mission) -> bool:
    return can_edit_mission(user, mission)


def can_edit_partnership(user: User, mission: Mission) -> bool:
    agency = editor_agency(user)
    return (
        agency is not None
        and mission.lead_id != agency.pk
        and _is_partner(agency, mission)
    )


def partner_roles_refused(
    user: User, mission: Mission, partners: list[dict[str, Any]]
) -> list[str]:
    """Return the partners whose stated part a change would rewrite without right.

    A partner agency describes its own part (role, uncertainty): only its editors
    or the secretariat change it, whatever the route. The lead may add or remove
    partners, and word a new partner's part, but not rewrite an existing one's.
    """
    current = {
        link.agency.code: (link.role, link.uncertain)
        for link in mission.partnerships.select_related("agency")
    }
    own = editor_agency(user)
    refused = []
    for partner in partners:
        code = str(partner.get("agency", ""))
        wanted = (str(partner.get("role", "")), bool(partner.get("uncertain", False)))
        if code not in current or current[code] == wanted:
            continue
        if is_secretariat(user) or (own is not None and own.code == code):
            continue
        refused.append(code)
    return sorted(refused)


def can_propose_change(user: User, mission: Mission) -> bool:
    return has_role(user) and not can_edit_mission(user, mission)


def can_view_proposal(user: User, proposal: ChangeProposal) -> bool:
    if is_secretariat(user):
        return True
    agency = editor_agency(user)
    return agency is not None and agency.pk in (
        proposal.owner_agency_id,
        proposal.proposer_agency_id,
    )


def can_comment_on_proposal(user: User, proposal: ChangeProposal) -> bool:
    return can_view_proposal(user, proposal)


def can_decide_proposal(user: User, proposal: ChangeProposal) -> bool:
    if not user.is_authenticated or proposal.proposer_id == user.pk:
        return False
    if is_secretariat(user):
        return True
    agency = editor_agency(user)
    return agency is not None and proposal.owner_agency_id == agency.pk


def can_manage_accounts(user: User) -> bool:
    return is_secretariat(user)


def can_manage_membership(user: User) -> bool:
    return is_secretariat(user)


def can_manage_framework(user: User) -> bool:
    return is_secretariat(user)


def can_manage_editions(user: User) -> bool:
    return is_secretariat(user)


def can_view_activity(user: User) -> bool:
    return is_secretariat(user)


def can_view_edition(user: User, edition: Edition) -> bool:
    """Published editions and the current plan are public; review is for members."""
    if edition.is_published or edition.kind == Edition.Kind.WORKING_DRAFT:
        return True
    if edition.status == Edition.Status.REVIEW:
        return has_role(user)
    return is_secretariat(user)


def can_flag_edition(user: User, edition: Edition) -> bool:
    return editor_agency(user) is not None and edition.status == Edition.Status.REVIEW


def can_manage_images(user: User, subject: Mission | Destination | Edition) -> bool:
    """Add or withdraw images: editors on their agency's missions, the secretariat
    on every mission, destination and edition."""
    if is_secretariat(user):
        return True
    return isinstance(subject, Mission) and can_edit_mission(user, subject)


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


def acting_user(request: HttpRequest) -> Account:
    """Return the signed-in user of a view guarded by ``member_required``."""
    user = request.user
    assert isinstance(user, Account), (
        "member_required lets only signed-in users through"
    )
    return user
