"""Mission writes: bearer token, the same permission rules as the web, If-Match."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ger import access as permissions
from ger.api.auth import bearer
from ger.api.errors import ApiError
from ger.api.resources.missions import router as missions_router
from ger.api.schemas import ErrorOut, MissionDetailOut
from ger.api.write_schemas import MissionChangesIn, MissionCreateIn, PartnerRoleIn
from ger.exports import serialize
from ger.exports.serialize import detailed_missions
from ger.history.missions import (
    MissionInUseError,
    StaleVersionError,
    create_mission,
    delete_mission,
    mission_etag,
    update_mission,
    update_partnership,
    version_from_if_match,
)
from ger.http.caching import json_response
from ger.plans.models import Mission
from ger.plans.services import (
    MissionInputError,
)
from ger.registry.models import Agency

# Reads and writes of one path must share a router: Django routes by path first.
router = missions_router
WRITE_ERRORS: dict[int, type[ErrorOut]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    412: ErrorOut,
    422: ErrorOut,
    428: ErrorOut,
}
# Declared in the OpenAPI document but checked by ``expected_version``, so that a
# missing header answers 428 (Precondition Required), not a validation error.
IF_MATCH = {
    "parameters": [
        {
            "in": "header",
            "name": "If-Match",
            "required": True,
            "description": (
                "the mission's ETag from GET; without it 428, if the mission "
                "changed since 412; `*` is refused (428)"
            ),
            "schema": {"type": "string", "pattern": '^"mission-[0-9]+-v[0-9]+"$'},
        }
    ]
}


def find_mission(slug: str) -> Mission:
    mission = Mission.objects.with_related().filter(slug=slug).first()
    if mission is None:
        raise Http404(f"no mission {slug!r}")
    return mission


def expected_version(request: HttpRequest, mission: Mission) -> int:
    header = request.headers.get("If-Match")
    if header is not None and "*" in (tag.strip() for tag in header.split(",")):
        # "Any version" would overwrite a change made meanwhile without seeing it.
        raise ApiError(
            428,
            _(
                "If-Match: * is not accepted: send the mission's ETag (from GET) "
                "so that a change made meanwhile is not overwritten"
            ),
            {"If-Match": _("send the ETag, not *")},
        )
    version = version_from_if_match(header, mission)
    if version is None:
        raise ApiError(
            428,
            _("send If-Match with the mission's ETag (from GET) to change it"),
            {"If-Match": _("required")},
        )
    if version != mission.version:
        raise ApiError(
            412,
            _("the mission changed since your copy: GET it again and retry"),
            {
                "If-Match": _("stale: the mission is at version %(v)s")
                % {"v": mission.version}
            },
        )
    return version


def input_error(error: MissionInputError) -> ApiError:
    fields = {name: " ".join(messages) for name, messages in error.errors.items()}
    return ApiError(
        422,
        _("invalid mission: %(fields)s") % {"fields": ", ".join(sorted(fields))},
        fields,
    )


def _stale(error: StaleVersionError) -> ApiError:
    return ApiError(412, str(error), {"If-Match": _("stale")})


def _detail(request: HttpRequest, mission: Mission, status: int = 200) -> HttpResponse:
    fresh = detailed_missions().get(pk=mission.pk)
    response = json_response(request, serialize.mission_detail(fresh), status=status)
    response["ETag"] = mission_etag(fresh)
    response["Cache-Control"] = "no-store"
    return response


@router.post(
    auth=bearer,
    path="/missions",
    response={201: MissionDetailOut, **WRITE_ERRORS},
    summary="Create a mission",
)
def create(request: HttpRequest, payload: MissionCreateIn) -> HttpResponse:
    """Create a mission led by the caller's agency."""
    state: dict[str, Any] = payload.changes()
    lead_code = state.get("lead") or getattr(
        permissions.editor_agency(request.user), "code", None
    )
    lead = Agency.objects.filter(code=lead_code).first() if lead_code else None
    if not permissions.can_create_mission(request.user, lead):
        raise ApiError(
            403, _("only an editor of the lead agency can create its missions")
        )
    assert lead is not None
    state["lead"] = lead.code
    if Mission.objects.filter(slug=state["slug"]).exists():
        raise ApiError(
            422, _("slug: a mission with this slug exists"), {"slug": _("already used")}
        )
    try:
        mission = create_mission(state, request.user)
    except MissionInputError as error:
        raise input_error(error) from None
    return _detail(request, mission, status=201)


@router.patch(
    auth=bearer,
    path="/missions/{slug}",
    response={200: MissionDetailOut, **WRITE_ERRORS},
    summary="Change a mission",
    openapi_extra=IF_MATCH,
)
def change(request: HttpRequest, slug: str, payload: MissionChangesIn) -> HttpResponse:
    """Change the fields sent; needs If-Match with the mission's current ETag."""
    mission = find_mission(slug)
    if not permissions.can_edit_mission(request.user, mission):
        raise ApiError(
            403,
            _(
                "only the lead agency's editors change this mission; "
                "propose the change instead (POST …/proposals)"
            ),
        )
    version = expected_version(request, mission)
    changes = payload.changes()
    if "lead" in changes and changes["lead"] != mission.lead.code:
        raise ApiError(
            403,
            _("an agency cannot hand its mission to another agency"),
            {"lead": _("cannot change")},
        )
    refused = permissions.partner_roles_refused(
        request.user, mission, changes.get("partners") or []
    )
    if refused:
        raise ApiError(
            403,
            _("only a partner agency describes its own part: %(agencies)s")
            % {"agencies": ", ".join(refused)},
            {"partners": _("cannot change another agency's part")},
        )
    try:
        mission = update_mission(mission, changes, request.user, version)
    except StaleVersionError as error:
        raise _stale(error) from None
    except MissionInputError as error:
        raise input_error(error) from None
    return _detail(request, mission)


@router.delete(
    auth=bearer,
    path="/missions/{slug}",
    response={204: None, **WRITE_ERRORS, 409: ErrorOut},
    summary="Delete a mission",
    openapi_extra=IF_MATCH,
)
def delete(request: HttpRequest, slug: str) -> HttpResponse:
    """Delete a mission (kept in its history); needs If-Match."""
    mission = find_mission(slug)
    if not permissions.can_delete_mission(request.user, mission):
        raise ApiError(403, _("only the lead agency's editors delete this mission"))
    version = expected_version(request, mission)
    try:
        delete_mission(mission, request.user, version)
    except StaleVersionError as error:
        raise _stale(error) from None
    except MissionInUseError as error:
        raise ApiError(409, str(error)) from None
    return HttpResponse(status=204)


@router.put(
    auth=bearer,
    path="/missions/{slug}/partners/{agency}",
    response={200: MissionDetailOut, **WRITE_ERRORS},
    summary="Change an agency's part in a mission",
    openapi_extra=IF_MATCH,
)
def change_partner_role(
    request: HttpRequest, slug: str, agency: str, payload: PartnerRoleIn
) -> HttpResponse:
    """A partner agency's editors describe their own part; needs If-Match."""
    mission = find_mission(slug)
    partner = Agency.objects.filter(code=agency).first()
    if partner is None:
        raise Http404(f"no agency {agency!r}")
    own = permissions.editor_agency(request.user)
    if (
        own is None
        or own.pk != partner.pk
        or not permissions.can_edit_partnership(request.user, mission)
    ):
        raise ApiError(403, _("only the partner agency's editors describe its part"))
    version = expected_version(request, mission)
    try:
        mission = update_partnership(
            mission, partner, payload.role, payload.uncertain, request.user, version
        )
    except StaleVersionError as error:
        raise _stale(error) from None
    except MissionInputError as error:
        raise input_error(error) from None
    return _detail(request, mission)
