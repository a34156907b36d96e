"""The workspace home of each role: what needs them, and every page two clicks away."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from ger.editions.models import Edition
from ger.editions.proposals import propose_change
from ger.editions.workflow import create_draft_edition, flag_problem, submit_for_review
from ger.plans.models import Mission
from ger.publishing.models import BuildRun
from ger.registry.models import Agency

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(/[^"#?]*)')


@pytest.fixture
def scene(cast_data, secretariat, esa_editor, nasa_editor):
    """A proposal to NASA from ESA, a draft, an edition in review with an open flag."""
    proposal = propose_change(
        cast_data["NASA"],
        {"name": "NASA Rover II"},
        esa_editor,
        Agency.objects.get(code="ESA"),
        1,
    )
    create_draft_edition(
        code="DRAFT",
        slug="draft",
        title="Draft 2027",
        kind="supplement",
        released="",
        user=secretariat,
    )
    review = submit_for_review(
        create_draft_edition(
            code="REVIEW",
            slug="review",
            title="Review 2027",
            kind="supplement",
            released="2027",
            user=secretariat,
        ),
        secretariat,
    )
    flag = flag_problem(
        review, Agency.objects.get(code="NASA"), nasa_editor, "nasa-rover", "Late."
    )
    BuildRun.objects.create(edition=Edition.objects.get(slug="edition-a"))
    # A NASA mission whose window ended last year with no launch recorded.
    mission = cast_data["NASA"]
    mission.planned_launch_on = dt.date(timezone.localdate().year - 1, 1, 1)
    mission.planned_launch_precision = "year"
    mission.status = Mission.Status.PLANNED
    mission.save()
    return {"proposal": proposal, "review": review, "flag": flag}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def reachable(client: Client, start: str, clicks: int) -> set[str]:
    """Return the names of the views linked within ``clicks`` clicks of ``start``."""
    seen_paths, names, frontier = {start}, set(), [start]
    for _ in range(clicks):
        following = []
        for path in frontier:
            response = client.get(path)
            if response.status_code != 200 or "html" not in response["Content-Type"]:
                continue
            for link in set(LINK.findall(response.content.decode())):
                if link.startswith(("/static/", "/fr/", "/es/")) or link in seen_paths:
                    continue
                seen_paths.add(link)
                try:
                    match = resolve(link)
                except Resolver404:
                    continue
                names.add(match.view_name)
                following.append(link)
        frontier = following
    return names


def test_the_secretariat_home_lists_what_needs_it(scene, secretariat):
    page = signed_in(secretariat).get(reverse("workspace:home"))
    body = page.content.decode()
    assert "1 proposal to decide" in body
    assert "1 flag to resolve" in body
    assert "NASA Rover" in body
    assert f"/workspace/editions/review/#flag-{scene['flag'].pk}" in body
    assert "0 of 7 parts written" in body
    assert reverse("workspace:edition_publish", args=["review"]) not in body
    assert "Resolve the flags" in body


def test_an_editor_home_lists_its_decisions_reviews_and_late_plans(scene, nasa_editor):
    page = signed_in(nasa_editor).get(reverse("workspace:home"))
    context = page.context
    assert [p.pk for p in context["to_decide"]] == [scene["proposal"].pk]
    assert [e.slug for e in context["editions"]] == ["review"]
    assert [m.slug for m in context["plan_passed"]] == ["nasa-rover"]
    body = page.content.decode()
    assert reverse("workspace:mission_edit", args=["nasa-rover"]) in body
    assert "1 mission needs an update" in body


SECRETARIAT_PAGES = {
    "workspace:proposals",
    "workspace:proposal",
    "workspace:editions",
    "workspace:edition",
    "workspace:edition_publish",
    "workspace:edition_diff",
    "workspace:tokens",
    "workspace:activity",
    "workspace:accounts",
    "workspace:membership",
    "workspace:framework",
    "publishing:edition_prose",
    "publishing:edition_builds",
    "publishing:build_status",
}
EDITOR_PAGES = {
    "workspace:proposals",
    "workspace:proposal",
    "workspace:editions",
    "workspace:edition",
    "workspace:mission_new",
    "workspace:mission_edit",
    "workspace:mission_history",
    "workspace:mission_partner",
    "workspace:mission_propose",
    "workspace:tokens",
}


@pytest.mark.parametrize(
    ("role", "pages"),
    [("secretariat", SECRETARIAT_PAGES), ("nasa_editor", EDITOR_PAGES)],
)
def test_every_workspace_page_is_two_clicks_from_the_home(request, scene, role, pages):
    client = signed_in(request.getfixturevalue(role))
    found = reachable(client, reverse("workspace:home"), clicks=2)
    assert pages - found == set()
