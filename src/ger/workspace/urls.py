from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from ger.workspace.views import (
    activity,
    auth,
    editions,
    home,
    images,
    missions,
    proposals,
    secretariat,
    tokens,
)

app_name = "workspace"

urlpatterns: list[URLPattern | URLResolver] = [
    path("accounts/login/", auth.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth.SignOutView.as_view(), name="logout"),
    path(
        "accounts/invitation/<uidb64>/<token>/",
        auth.InvitationView.as_view(),
        name="invitation",
    ),
    path(
        "accounts/invitation/done/",
        auth.InvitationDoneView.as_view(),
        name="invitation_done",
    ),
    path("workspace/", home.home, name="home"),
    path("workspace/tokens/", tokens.tokens, name="tokens"),
    path("workspace/missions/new/", missions.mission_new, name="mission_new"),
    path(
        "workspace/missions/<slug:slug>/edit/",
        missions.mission_edit,
        name="mission_edit",
    ),
    path(
        "workspace/missions/<slug:slug>/delete/",
        missions.mission_delete,
        name="mission_delete",
    ),
    path(
        "workspace/missions/<slug:slug>/partner/",
        missions.mission_partner,
        name="mission_partner",
    ),
    path(
        "workspace/missions/<slug:slug>/propose/",
        missions.mission_propose,
        name="mission_propose",
    ),
    path("workspace/images/", images.images_index, name="images"),
    path(
        "workspace/images/missions/<slug:slug>/",
        images.subject_images,
        {"kind": "mission"},
        name="mission_images",
    ),
    path(
        "workspace/images/destinations/<slug:slug>/",
        images.subject_images,
        {"kind": "destination"},
        name="destination_images",
    ),
    path(
        "workspace/images/editions/<slug:slug>/",
        images.subject_images,
        {"kind": "edition"},
        name="edition_images",
    ),
    path(
        "workspace/images/<int:pk>/withdraw/",
        images.image_withdraw,
        name="image_withdraw",
    ),
    path("workspace/proposals/", proposals.proposal_list, name="proposals"),
    path("workspace/proposals/<int:pk>/", proposals.proposal_detail, name="proposal"),
    path(
        "workspace/proposals/<int:pk>/comment/",
        proposals.proposal_comment,
        name="proposal_comment",
    ),
    path(
        "workspace/proposals/<int:pk>/accept/",
        proposals.proposal_accept,
        name="proposal_accept",
    ),
    path(
        "workspace/proposals/<int:pk>/reject/",
        proposals.proposal_reject,
        name="proposal_reject",
    ),
    path("workspace/accounts/", secretariat.accounts, name="accounts"),
    path("workspace/membership/", secretariat.membership_list, name="membership"),
    path(
        "workspace/membership/<slug:slug>/",
        secretariat.membership_edit,
        name="membership_edit",
    ),
    path("workspace/framework/", secretariat.framework, name="framework"),
    path("workspace/framework/goals/new/", secretariat.goal_new, name="goal_new"),
    path(
        "workspace/framework/goals/<str:code>/",
        secretariat.goal_edit,
        name="goal_edit",
    ),
    path(
        "workspace/framework/objectives/new/",
        secretariat.objective_new,
        name="objective_new",
    ),
    path(
        "workspace/framework/objectives/<str:code>/",
        secretariat.objective_edit,
        name="objective_edit",
    ),
    path("workspace/editions/", editions.edition_list, name="editions"),
    path("workspace/editions/new/", editions.edition_new, name="edition_new"),
    path("workspace/editions/<slug:slug>/", editions.edition_detail, name="edition"),
    path(
        "workspace/editions/<slug:slug>/sync/",
        editions.edition_sync,
        name="edition_sync",
    ),
    path(
        "workspace/editions/<slug:slug>/review/",
        editions.edition_review,
        name="edition_review",
    ),
    path(
        "workspace/editions/<slug:slug>/draft/",
        editions.edition_draft,
        name="edition_draft",
    ),
    path(
        "workspace/editions/<slug:slug>/publish/",
        editions.edition_publish,
        name="edition_publish",
    ),
    path(
        "workspace/editions/<slug:slug>/flag/",
        editions.edition_flag,
        name="edition_flag",
    ),
    path(
        "workspace/editions/<slug:slug>/flags/<int:pk>/resolve/",
        editions.flag_resolve,
        name="flag_resolve",
    ),
    path(
        "editions/<str:old>/diff/<str:new>/",
        editions.edition_diff,
        name="edition_diff",
    ),
    path("activity/", activity.activity_feed, name="activity"),
    path("activity/lockouts/", activity.sign_in_lockouts, name="lockouts"),
    path(
        "activity/missions/<slug:slug>/",
        missions.mission_history,
        name="mission_history",
    ),
]
