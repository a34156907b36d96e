"""The scene of the permission matrix, shared like the other data sets.

On top of the co-authoring cast (tests/workspace/conftest.py): the four accounts of
the matrix's roles and the JAXA editor, a change proposal on each cast mission, a
draft edition, an edition in review and a flag on it. Made once per test process in
the shared transaction (tests/shared_data.py, data set "matrix"); each row of the
matrix reads it afresh inside its own savepoint, so what one row changes never
reaches the next.

The accounts exist before the proposals and the review, as the people of a real
workspace do: the notices they send are in every account's inbox.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User

from ger.editions.models import ChangeProposal, Edition, EditionFlag
from ger.editions.proposals import propose_change
from ger.editions.workflow import create_draft_edition, submit_for_review
from ger.plans.models import Mission
from ger.registry.models import Agency
from ger.registry.services import create_account
from tests import small_data
from tests.workspace.conftest import PASSWORD

# role (the fixture's name in tests/workspace/conftest.py): email, role, agency
ACCOUNTS = {
    "nasa_editor": ("editor@nasa.test", "editor", "NASA"),
    "esa_editor": ("editor@esa.test", "editor", "ESA"),
    "jaxa_editor": ("editor@jaxa.test", "editor", "JAXA"),
    "secretariat": ("chair@isecg.test", "secretariat", None),
}


@dataclass(frozen=True)
class Scene:
    """The records a row acts on, read afresh for each row."""

    missions: dict[str, Mission]
    proposals: dict[str, ChangeProposal]
    draft: Edition
    review: Edition
    flag: EditionFlag

    @classmethod
    def read(cls) -> Scene:
        missions = small_data.cast_missions()
        review = Edition.objects.get(code="REVIEW")
        return cls(
            missions=missions,
            proposals={
                code: ChangeProposal.objects.get(mission=mission)
                for code, mission in missions.items()
            },
            draft=Edition.objects.get(code="DRAFT"),
            review=review,
            flag=EditionFlag.objects.get(edition=review),
        )


def account(role: str) -> User | None:
    """Return the scene's account of ``role`` (None for the anonymous visitor)."""
    if role == "anonymous":
        return None
    return User.objects.get(email=ACCOUNTS[role][0])


def make() -> None:
    """Make the cast, the accounts and the scene (what the shared transaction holds)."""
    small_data.make_cast()
    users = {
        name: create_account(email, role, agency, PASSWORD)
        for name, (email, role, agency) in ACCOUNTS.items()
    }
    jaxa_editor, secretariat = users["jaxa_editor"], users["secretariat"]
    jaxa = Agency.objects.get(code="JAXA")
    for mission in small_data.cast_missions().values():
        propose_change(mission, {"name": f"{mission.name} II"}, jaxa_editor, jaxa, 1)
    create_draft_edition(
        code="DRAFT",
        slug="draft",
        title="Draft",
        kind="supplement",
        released="",
        user=secretariat,
    )
    review = submit_for_review(
        create_draft_edition(
            code="REVIEW",
            slug="review",
            title="In review",
            kind="supplement",
            released="",
            user=secretariat,
        ),
        secretariat,
    )
    EditionFlag.objects.create(
        edition=review,
        agency=jaxa,
        author_label="jaxa@example.org",
        body="A date is wrong.",
    )
