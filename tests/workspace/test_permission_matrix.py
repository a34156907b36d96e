"""Every write view by role by target: the expected outcome, checked on the data.

A row says what one role gets when it POSTs valid data to one write view about a record
of NASA or of ESA (or about no agency's record). "login" means the anonymous visitor
is sent to sign in, "denied" a 403, "ok" that the change was made. A refused request
must leave the data as it was; an allowed one must change it.

The matrix is complete: a write view (one marked with ``write_view``) without rows,
or a workspace view that is neither in the matrix nor listed as read-only, fails.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ger.editions.models import (
    ChangeProposal,
    Edition,
    EditionFlag,
    EditionProse,
    ProposalComment,
)
from ger.history.models import Revision
from ger.imagery.models import Image
from ger.imagery.services import attach_image
from ger.notifications.models import Notification, Preference
from ger.objectives.models import Goal, Objective
from ger.plans.models import Mission
from ger.publishing.models import BuildRun
from ger.registry.models import ApiToken, Membership
from ger.workspace.models import FlagResolution, PublicationOverride
from tests import shared_data
from tests.images import jpeg_with_metadata, upload
from tests.workspace import permission_scene
from tests.workspace.conftest import form_data
from tests.workspace.permission_scene import Scene

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uploads_in_tmp(media_storage: Any) -> None:
    """Keep the images the rows upload out of the checkout."""


@pytest.fixture(autouse=True)
def builds_only_queue(settings: Any) -> None:
    # A permitted build is queued, not run: the matrix checks who may, not the build.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }


ROLES = ("anonymous", "nasa_editor", "esa_editor", "secretariat")
AGENCY_TARGETS = ("NASA", "ESA")

# view name → {role: expected} (no target) or {(role, target): expected}
EDITORS_ONLY = {
    "anonymous": "login",
    "nasa_editor": "ok",
    "esa_editor": "ok",
    "secretariat": "denied",
}
SECRETARIAT_ONLY = {
    "anonymous": "login",
    "nasa_editor": "denied",
    "esa_editor": "denied",
    "secretariat": "ok",
}


def by_target(nasa: dict[str, str], esa: dict[str, str]) -> dict[Any, str]:
    rows = {(role, "NASA"): expected for role, expected in nasa.items()}
    rows.update({(role, "ESA"): expected for role, expected in esa.items()})
    return rows


OWNER_ONLY = by_target(
    nasa={
        "anonymous": "login",
        "nasa_editor": "ok",
        "esa_editor": "denied",
        "secretariat": "denied",
    },
    esa={
        "anonymous": "login",
        "nasa_editor": "denied",
        "esa_editor": "ok",
        "secretariat": "denied",
    },
)
OWNER_OR_SECRETARIAT = by_target(
    nasa={
        "anonymous": "login",
        "nasa_editor": "ok",
        "esa_editor": "denied",
        "secretariat": "ok",
    },
    esa={
        "anonymous": "login",
        "nasa_editor": "denied",
        "esa_editor": "ok",
        "secretariat": "ok",
    },
)
MATRIX: dict[str, dict[Any, str]] = {
    "mission_new": EDITORS_ONLY,
    "mission_edit": OWNER_ONLY,
    "mission_delete": OWNER_ONLY,
    # NASA partners on ESA's mission and ESA on NASA's: each changes its own part.
    "mission_partner": by_target(
        nasa={
            "anonymous": "login",
            "nasa_editor": "denied",
            "esa_editor": "ok",
            "secretariat": "denied",
        },
        esa={
            "anonymous": "login",
            "nasa_editor": "ok",
            "esa_editor": "denied",
            "secretariat": "denied",
        },
    ),
    "mission_propose": by_target(
        nasa={
            "anonymous": "login",
            "nasa_editor": "denied",
            "esa_editor": "ok",
            "secretariat": "ok",
        },
        esa={
            "anonymous": "login",
            "nasa_editor": "ok",
            "esa_editor": "denied",
            "secretariat": "ok",
        },
    ),
    # The proposals are made by a JAXA editor about a NASA or an ESA mission.
    "proposal_comment": OWNER_OR_SECRETARIAT,
    "proposal_accept": OWNER_OR_SECRETARIAT,
    "proposal_reject": OWNER_OR_SECRETARIAT,
    "accounts": SECRETARIAT_ONLY,
    "membership_edit": SECRETARIAT_ONLY,
    "goal_new": SECRETARIAT_ONLY,
    "goal_edit": SECRETARIAT_ONLY,
    "objective_new": SECRETARIAT_ONLY,
    "objective_edit": SECRETARIAT_ONLY,
    "edition_new": SECRETARIAT_ONLY,
    "edition_sync": SECRETARIAT_ONLY,
    "edition_review": SECRETARIAT_ONLY,
    "edition_draft": SECRETARIAT_ONLY,
    "edition_publish": SECRETARIAT_ONLY,
    "edition_flag": EDITORS_ONLY,
    "flag_resolve": SECRETARIAT_ONLY,
    "publishing:build_start": SECRETARIAT_ONLY,
    # Editors illustrate their agency's missions; the secretariat every record.
    "mission_images": OWNER_OR_SECRETARIAT,
    "image_withdraw": OWNER_OR_SECRETARIAT,
    "destination_images": SECRETARIAT_ONLY,
    "edition_images": SECRETARIAT_ONLY,
    "publishing:edition_prose": SECRETARIAT_ONLY,
    # Every member reads its own inbox and chooses its own notices.
    "notifications:inbox": {
        "anonymous": "login",
        "nasa_editor": "ok",
        "esa_editor": "ok",
        "secretariat": "ok",
    },
    "notifications:preferences": {
        "anonymous": "login",
        "nasa_editor": "ok",
        "esa_editor": "ok",
        "secretariat": "ok",
    },
    # Every member creates API tokens for itself.
    "tokens": {
        "anonymous": "login",
        "nasa_editor": "ok",
        "esa_editor": "ok",
        "secretariat": "ok",
    },
}

# Workspace views that only read (a POST to them must change nothing), and the
# sign-in views, whose POSTs change only the session.
READ_ONLY = {
    "home",
    "images",
    "proposals",
    "proposal",
    "membership",
    "framework",
    "editions",
    "edition",
    "edition_diff",
    "activity",
    "lockouts",
    "mission_history",
}
SIGN_IN = {"login", "logout", "invitation", "invitation_done"}


def fingerprint() -> tuple[Any, ...]:
    """Return a summary of everything a write view can change."""
    return (
        Revision.objects.count(),
        sorted(Mission.objects.values_list("slug", "version")),
        sorted(ChangeProposal.objects.values_list("id", "state")),
        ProposalComment.objects.count(),
        EditionFlag.objects.count(),
        sorted(Edition.objects.values_list("code", "status")),
        sorted(Edition.objects.values_list("code", "plans__id")),
        User.objects.count(),
        sorted(Membership.objects.values_list("agency__code", "joined_on")),
        sorted(Goal.objects.values_list("code", "title")),
        sorted(Objective.objects.values_list("code", "title")),
        ApiToken.objects.count(),
        BuildRun.objects.count(),
        FlagResolution.objects.count(),
        Notification.objects.filter(read_at__isnull=True).count(),
        sorted(Preference.objects.values_list("user_id", "kind", "by_email")),
        PublicationOverride.objects.count(),
        sorted(EditionProse.objects.values_list("edition__code", "part", "markdown")),
        sorted(Image.objects.values_list("sha256", "withdrawn_at")),
    )


def matrix_scene(request: pytest.FixtureRequest, db: None) -> Scene:
    """The matrix's accounts and records (tests/workspace/permission_scene.py).

    Shared by every row (tests/shared_data.py); made for a row alone otherwise.
    """
    if not shared_data.uses_shared(request, "matrix"):
        permission_scene.make()
    return Scene.read()


shared_data.SHARED_FIXTURES["matrix_scene"] = matrix_scene
matrix_scene = pytest.fixture(matrix_scene)


def _mission_request(
    name: str,
) -> Callable[[Scene, str | None], tuple[str, dict[str, Any]]]:
    def build(scene: Scene, target: str | None) -> tuple[str, dict[str, Any]]:
        mission = Mission.objects.get(pk=scene.missions[target].pk)
        url = reverse(f"workspace:{name}", args=[mission.slug])
        if name == "mission_delete":
            return url, {"version": mission.version}
        if name == "mission_partner":
            return url, {"version": mission.version, "role": "new role"}
        return url, form_data(mission, planned_launch="2031-Q2")

    return build


def _proposal_request(
    name: str,
) -> Callable[[Scene, str | None], tuple[str, dict[str, Any]]]:
    def build(scene: Scene, target: str | None) -> tuple[str, dict[str, Any]]:
        url = reverse(f"workspace:{name}", args=[scene.proposals[target].pk])
        return url, {"body": "A comment", "comment": "A decision"}

    return build


def _edition_request(
    name: str, slug: str
) -> Callable[[Scene, str | None], tuple[str, dict[str, Any]]]:
    def build(scene: Scene, target: str | None) -> tuple[str, dict[str, Any]]:
        return reverse(f"workspace:{name}", args=[slug]), {
            "body": "Wrong date",
            "mission_slug": "",
            # The scene's flag is open: publication goes ahead only with a reason.
            "override_reason": "Agreed at the coordination meeting.",
        }

    return build


def _plain(
    name: str, data: dict[str, Any], *args: str
) -> Callable[[Scene, str | None], tuple[str, dict[str, Any]]]:
    def build(scene: Scene, target: str | None) -> tuple[str, dict[str, Any]]:
        return reverse(f"workspace:{name}", args=list(args)), data

    return build


IMAGE_FIELDS = {"alt_text": "A rover", "credit": "NASA", "licence": "Public domain"}


def _image_upload(
    kind: str, slug: str | None = None
) -> Callable[[Scene, str | None], tuple[str, dict[str, Any]]]:
    def build(scene: Scene, target: str | None) -> tuple[str, dict[str, Any]]:
        where = slug or scene.missions[target].slug
        data = {**IMAGE_FIELDS, "file": upload(jpeg_with_metadata((64, 48)))}
        return reverse(f"workspace:{kind}_images", args=[where]), data

    return build


def _image_withdraw(scene: Scene, target: str | None) -> tuple[str, dict[str, Any]]:
    image = attach_image(
        scene.missions[target],
        upload(jpeg_with_metadata((64, 48))),
        **IMAGE_FIELDS,
    )
    return reverse("workspace:image_withdraw", args=[image.pk]), {}


def _new_mission(scene: Scene, target: str | None) -> tuple[str, dict[str, Any]]:
    data = form_data(
        scene.missions["NASA"], slug="brand-new", name="Brand New", partners=[]
    )
    data.pop("version")
    return reverse("workspace:mission_new"), data


REQUESTS: dict[str, Callable[[Scene, str | None], tuple[str, dict[str, Any]]]] = {
    "mission_new": _new_mission,
    "mission_edit": _mission_request("mission_edit"),
    "mission_delete": _mission_request("mission_delete"),
    "mission_partner": _mission_request("mission_partner"),
    "mission_propose": _mission_request("mission_propose"),
    "proposal_comment": _proposal_request("proposal_comment"),
    "proposal_accept": _proposal_request("proposal_accept"),
    "proposal_reject": _proposal_request("proposal_reject"),
    "accounts": _plain(
        "accounts", {"email": "new@kari.test", "role": "editor", "agency": "JAXA"}
    ),
    "membership_edit": _plain(
        "membership_edit", {"joined": "2008-02", "detail": ""}, "jaxa"
    ),
    "goal_new": _plain("goal_new", {"code": "G2", "title": "Economic expansion"}),
    "goal_edit": _plain(
        "goal_edit", {"code": "G1", "title": "Search for life beyond Earth"}, "G1"
    ),
    "objective_new": _plain(
        "objective_new", {"code": "O2", "title": "Map ice", "goal": ""}
    ),
    "objective_edit": _plain(
        "objective_edit", {"code": "O1", "title": "Sample both poles"}, "O1"
    ),
    "edition_new": _plain(
        "edition_new", {"code": "NEW", "slug": "new", "title": "New", "kind": "roadmap"}
    ),
    "edition_sync": _edition_request("edition_sync", "draft"),
    "edition_review": _edition_request("edition_review", "draft"),
    "edition_draft": _edition_request("edition_draft", "review"),
    "edition_publish": _edition_request("edition_publish", "review"),
    "edition_flag": _edition_request("edition_flag", "review"),
    "flag_resolve": lambda scene, target: (
        reverse("workspace:flag_resolve", args=["review", scene.flag.pk]),
        {"note": "Date corrected in the plan."},
    ),
    "tokens": _plain("tokens", {"name": "my script"}),
    "mission_images": _image_upload("mission"),
    "image_withdraw": _image_withdraw,
    "destination_images": _image_upload("destination", "lunar-orbit"),
    "edition_images": _image_upload("edition", "draft"),
    "publishing:build_start": lambda scene, target: (
        reverse("publishing:build_start", args=["edition-a"]),
        {},
    ),
    "notifications:inbox": lambda scene, target: (
        reverse("notifications:inbox"),
        {},
    ),
    "notifications:preferences": lambda scene, target: (
        reverse("notifications:preferences"),
        {"edition_published__email": "on"},
    ),
    "publishing:edition_prose": lambda scene, target: (
        reverse("publishing:edition_prose", args=["draft"]),
        {"introduction": "Words."},
    ),
}


def _rows() -> list[Any]:
    rows = []
    for view, expectations in MATRIX.items():
        for key, expected in expectations.items():
            role, target = key if isinstance(key, tuple) else (key, None)
            rows.append(
                pytest.param(
                    view, role, target, expected, id=f"{view}-{role}-{target or 'none'}"
                )
            )
    return rows


@pytest.mark.parametrize(("view", "role", "target", "expected"), _rows())
def test_each_role_gets_what_the_matrix_says(
    client, matrix_scene, view, role, target, expected
):
    scene = matrix_scene
    user = permission_scene.account(role)
    if user is not None:
        client.force_login(user)
    url, data = REQUESTS[view](scene, target)
    before = fingerprint()
    response = client.post(url, data)
    after = fingerprint()
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("workspace:login"))
        assert after == before
    elif expected == "denied":
        assert response.status_code == 403
        assert after == before
    else:
        assert response.status_code in (200, 302), response.content.decode()[:2000]
        assert after != before, "an allowed write changed nothing"


def test_every_role_and_target_has_a_row_for_every_write_view():
    for view, expectations in MATRIX.items():
        keys = set(expectations)
        if all(isinstance(key, tuple) for key in keys):
            assert keys == {(r, t) for r in ROLES for t in AGENCY_TARGETS}, view
        else:
            assert keys == set(ROLES), view
    assert set(REQUESTS) == set(MATRIX)


def _patterns(
    resolver: URLResolver, namespace: str = ""
) -> list[tuple[str, URLPattern]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace == "admin":
                continue
            found += _patterns(entry, inner)
        else:
            found.append((f"{namespace}{entry.name}", entry))
    return found


def test_a_new_write_view_without_a_row_fails():
    patterns = _patterns(get_resolver())
    marked = {
        name
        for name, entry in patterns
        if getattr(entry.callback, "ger_write_view", False)
    }
    assert marked, "no view is marked with write_view"
    assert {name.removeprefix("workspace:") for name in marked} == set(MATRIX)
    workspace = {
        name.removeprefix("workspace:")
        for name, _ in patterns
        if name.startswith("workspace:")
    }
    unclassified = workspace - set(MATRIX) - READ_ONLY - SIGN_IN
    assert not unclassified, f"classify these views in the matrix: {unclassified}"


@pytest.mark.parametrize("name", sorted(READ_ONLY))
def test_the_read_only_views_change_nothing_even_when_posted_to(
    client, matrix_scene, name
):
    client.force_login(permission_scene.account("secretariat"))
    args = {
        "proposal": [1],
        "edition": ["current"],
        "edition_diff": ["edition-a", "current"],
        "mission_history": ["nasa-rover"],
    }.get(name, [])
    before = fingerprint()
    response = client.post(
        reverse(f"workspace:{name}", args=args), {"name": "x", "title": "x"}
    )
    assert response.status_code < 500
    assert fingerprint() == before
