from __future__ import annotations

import csv
import io

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from ger.editions.models import ChangeProposal
from ger.history.missions import (
    mission_revisions,
    update_mission,
)
from ger.history.models import Revision
from ger.plans.models import Mission
from ger.registry.services import create_account, invitation_parts
from tests.workspace.conftest import PASSWORD, form_data

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_editor_signs_in_with_email_and_password(client, nasa_editor):
    response = client.post(
        reverse("workspace:login"),
        {"username": "editor@nasa.test", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:home")
    home = client.get(reverse("workspace:home"))
    assert "NASA workspace" in home.content.decode()
    assert [m.slug for m in home.context["led"]] == ["lander-two", "nasa-rover"]
    assert [m.slug for m in home.context["partnered"]] == ["esa-lander"]


def test_sign_in_is_refused_after_repeated_failures(client, nasa_editor):
    for _ in range(4):
        wrong = client.post(
            reverse("workspace:login"),
            {"username": "editor@nasa.test", "password": "no"},
        )
        assert wrong.status_code == 400
    fifth = client.post(
        reverse("workspace:login"), {"username": "editor@nasa.test", "password": "no"}
    )
    assert fifth.status_code == 429
    blocked = client.post(
        reverse("workspace:login"),
        {"username": "editor@nasa.test", "password": PASSWORD},
    )
    assert blocked.status_code == 429
    assert "E-mail: Too many failed sign-ins" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_invitation_link_lets_the_new_user_choose_a_password(client, cast_data):
    user = create_account("new@esa.test", "editor", "ESA")
    assert not user.has_usable_password()
    uid, token = invitation_parts(user)
    opened = client.get(reverse("workspace:invitation", args=[uid, token]), follow=True)
    assert opened.status_code == 200
    form_url = opened.redirect_chain[-1][0]
    done = client.post(
        form_url,
        {
            "new_password1": "a-long-new-password-9",
            "new_password2": "a-long-new-password-9",
        },
    )
    assert done["Location"] == reverse("workspace:invitation_done")
    user.refresh_from_db()
    assert user.check_password("a-long-new-password-9")


def test_the_mission_form_names_each_field_in_error(cast_data, nasa_editor):
    mission = cast_data["NASA"]
    data = form_data(mission, site_latitude=123, partners=[])
    data.update(planned_launch="soon", partner_agency_0="XYZ", partner_role_0="role")
    response = signed_in(nasa_editor).post(
        reverse("workspace:mission_edit", args=[mission.slug]), data
    )
    assert response.status_code == 400
    errors = response.context["errors"]
    assert any(e.startswith("Site latitude:") for e in errors)
    assert any(e.startswith("Planned launch:") for e in errors)
    assert any(e.startswith("Partner 1: agency:") and "XYZ" in e for e in errors)
    assert Mission.objects.get(pk=mission.pk).version == 1


def test_garbage_input_is_a_field_error_not_a_crash(
    cast_data, nasa_editor, secretariat
):
    client = signed_in(nasa_editor)
    mission = cast_data["NASA"]
    response = client.post(
        reverse("workspace:mission_edit", args=[mission.slug]),
        {"version": "abc", "duration_days": "-4", "kind": "nonsense"},
    )
    assert response.status_code == 400
    assert client.get("/workspace/proposals/999/").status_code == 404
    assert client.get("/workspace/missions/none/edit/").status_code == 404
    feed = signed_in(secretariat).get(
        reverse("workspace:activity"), {"since": "yesterday"}
    )
    assert feed.status_code == 400
    assert feed.context["errors"][0].startswith("From:")


def test_a_save_from_an_old_version_is_refused_with_what_changed(
    cast_data, nasa_editor
):
    mission = cast_data["NASA"]
    first, second = signed_in(nasa_editor), signed_in(nasa_editor)
    url = reverse("workspace:mission_edit", args=[mission.slug])
    stale_form = form_data(mission, name="Rover Renamed")
    saved = first.post(url, form_data(mission, planned_launch="2030-Q1"))
    assert saved.status_code == 302
    refused = second.post(url, stale_form)
    assert refused.status_code == 409
    body = refused.content.decode()
    assert "Not saved: this mission changed since you opened it." in body
    assert "<del>2028-Q3</del>" in body
    assert "<ins>2030-Q1</ins>" in body
    current = Mission.objects.get(pk=mission.pk)
    assert (current.name, str(current.planned_launch), current.version) == (
        "NASA Rover",
        "2030-Q1",
        2,
    )
    # The form now starts from version 2 and keeps the user's own change on top.
    assert refused.context["form"].initial["version"] == 2
    assert refused.context["form"].initial["name"] == "Rover Renamed"
    assert refused.context["form"].initial["planned_launch"] == "2030-Q1"


def test_an_owner_s_edit_page_sends_other_agencies_to_the_proposal_form(
    cast_data, esa_editor
):
    response = signed_in(esa_editor).get(
        reverse("workspace:mission_edit", args=["nasa-rover"])
    )
    assert response["Location"] == reverse(
        "workspace:mission_propose", args=["nasa-rover"]
    )


def test_an_editor_s_new_mission_is_always_its_own(cast_data, nasa_editor):
    data = form_data(cast_data["NASA"], slug="sneaky", name="Sneaky", partners=[])
    data.update(lead="ESA")
    data.pop("version")
    response = signed_in(nasa_editor).post(reverse("workspace:mission_new"), data)
    assert response.status_code == 302
    assert Mission.objects.get(slug="sneaky").lead.code == "NASA"


def test_a_proposal_flows_to_the_owner_who_accepts_it(
    cast_data, esa_editor, nasa_editor
):
    mission = cast_data["NASA"]
    data = form_data(mission, planned_launch="2029")
    data["reason"] = "Camera delayed"
    sent = signed_in(esa_editor).post(
        reverse("workspace:mission_propose", args=[mission.slug]), data
    )
    proposal = ChangeProposal.objects.get()
    assert sent["Location"] == reverse("workspace:proposal", args=[proposal.pk])
    owner = signed_in(nasa_editor)
    assert proposal in owner.get(reverse("workspace:home")).context["proposals"]
    page = owner.get(reverse("workspace:proposal", args=[proposal.pk]))
    assert page.context["can_decide"]
    assert page.context["rows"] == [
        {
            "field": "planned launch",
            "before": "2028-Q3",
            "after": "2029",
            "current": None,
        }
    ]
    owner.post(
        reverse("workspace:proposal_accept", args=[proposal.pk]), {"comment": "OK"}
    )
    assert str(Mission.objects.get(pk=mission.pk).planned_launch) == "2029"
    proposal.refresh_from_db()
    assert proposal.state == "accepted"


def test_the_mission_history_shows_before_and_after(client, cast_data, nasa_editor):
    mission = cast_data["NASA"]
    update_mission(mission, {"planned_launch": "2031"}, nasa_editor, 1)
    public = client.get(reverse("workspace:mission_history", args=[mission.slug]))
    body = public.content.decode()
    assert "<del>2028-Q3</del>" in body
    assert "<ins>2031</ins>" in body
    assert "NASA editor" in body
    assert "editor@nasa.test" not in body  # the public sees roles, not addresses
    member = signed_in(nasa_editor).get(
        reverse("workspace:mission_history", args=[mission.slug])
    )
    assert "editor@nasa.test" in member.content.decode()


def test_a_deleted_mission_keeps_its_history_page(client, cast_data, nasa_editor):
    signed_in(nasa_editor).post(
        reverse("workspace:mission_delete", args=["nasa-rover"]), {"version": 1}
    )
    assert not Mission.objects.filter(slug="nasa-rover").exists()
    page = client.get(reverse("workspace:mission_history", args=["nasa-rover"]))
    assert page.status_code == 200
    assert "This mission was deleted" in page.content.decode()
    assert [r.action for r in page.context["revisions"]] == ["delete", "create"]


def test_the_history_include_renders_for_the_public_mission_page(
    cast_data, nasa_editor
):
    mission = cast_data["NASA"]
    update_mission(mission, {"crewed": True}, nasa_editor, 1)
    html = render_to_string(
        "workspace/includes/mission_history.html",
        {"mission": mission, "revisions": mission_revisions(mission)},
    )
    assert "<td>crewed</td>" in html
    assert "<del>no</del>" in html
    assert "<ins>yes</ins>" in html


def test_the_activity_csv_escapes_formula_cells(cast_data, nasa_editor, secretariat):
    """A mission renamed to a formula is exported as text, not run by a spreadsheet."""
    formula = '=HYPERLINK("https://attacker.test","open")'
    update_mission(cast_data["NASA"], {"name": formula}, nasa_editor, 1)
    export = signed_in(secretariat).get(
        reverse("workspace:activity"), {"agency": "NASA", "format": "csv"}
    )
    text = b"".join(export.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    renamed = [row for row in rows[1:] if row[7] == "name"]
    assert renamed, rows
    assert renamed[0][9] == "'" + formula
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_the_activity_feed_filters_by_agency_and_exports_csv(
    cast_data, nasa_editor, esa_editor, secretariat
):
    update_mission(cast_data["NASA"], {"crewed": True}, nasa_editor, 1)
    update_mission(cast_data["ESA"], {"crewed": True}, esa_editor, 1)
    client = signed_in(secretariat)
    page = client.get(reverse("workspace:activity"), {"agency": "ESA"})
    assert {r.agency.code for r in page.context["page"]} == {"ESA"}
    export = client.get(
        reverse("workspace:activity"), {"agency": "NASA", "format": "csv"}
    )
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0][:4] == ["when", "by", "role", "agency"]
    crewed = [row for row in rows[1:] if row[7] == "crewed" and row[6] == "update"]
    assert crewed == [
        [
            crewed[0][0],
            "editor@nasa.test",
            "NASA editor",
            "NASA",
            "mission",
            "nasa-rover",
            "update",
            "crewed",
            "no",
            "yes",
            "2",
            "",
        ]
    ]
    future = client.get(reverse("workspace:activity"), {"since": "2999-01-01"})
    assert list(future.context["page"]) == []
    assert signed_in(nasa_editor).get(reverse("workspace:activity")).status_code == 403


def test_agencies_see_what_will_be_published_for_them(
    client, cast_data, secretariat, esa_editor
):
    admin = signed_in(secretariat)
    admin.post(
        reverse("workspace:edition_new"),
        {
            "code": "E27",
            "slug": "e27",
            "title": "2027",
            "kind": "supplement",
            "released": "2027",
        },
    )
    assert client.get(reverse("workspace:edition", args=["e27"])).status_code == 302
    assert (
        signed_in(esa_editor)
        .get(reverse("workspace:edition", args=["e27"]))
        .status_code
        == 403
    )
    admin.post(reverse("workspace:edition_review", args=["e27"]))
    page = signed_in(esa_editor).get(reverse("workspace:edition", args=["e27"]))
    assert {m["slug"] for m in page.context["missions"]} == {
        "nasa-rover",
        "esa-lander",
        "orbiter-one",
    }
    assert page.context["can_flag"]
    admin.post(reverse("workspace:edition_publish", args=["e27"]))
    assert Revision.objects.filter(record_type="edition", record_key="E27").count() == 3


def test_saving_an_unchanged_form_records_no_change(cast_data, nasa_editor):
    mission = cast_data["NASA"]
    update_mission(
        mission,
        {"description": "First line.\n\nSecond *line*.", "aliases": ["NR", "Rover"]},
        nasa_editor,
        1,
    )
    mission = Mission.objects.get(pk=mission.pk)
    data = {
        name: value.replace("\n", "\r\n") if isinstance(value, str) else value
        for name, value in form_data(mission).items()
    }
    response = signed_in(nasa_editor).post(
        reverse("workspace:mission_edit", args=[mission.slug]), data
    )
    assert response.status_code == 302
    assert Mission.objects.get(pk=mission.pk).version == 2
    assert len(mission_revisions(mission)) == 2
