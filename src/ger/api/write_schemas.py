"""Request bodies of the write endpoints: a mission's state, field by field."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import model_validator

# The default of a field that may be left out but, when sent, needs a value: a
# declared ``str`` with this default refuses an explicit null (422 naming it).
NOT_SENT: Any = None


class ObjectIn(Schema):
    """A request body (or a part of one) that must be a JSON object.

    django-ninja would otherwise read the fields of a list, a string or ``null`` as
    attributes, find none, and take the defaults: ``[null, null]`` would pass.
    """

    @model_validator(mode="before")
    @classmethod
    def must_be_an_object(cls, value: Any) -> Any:
        # Runs inside django-ninja's wrapper, which hands the body over wrapped.
        body = value._obj if isinstance(value, DjangoGetter) else value
        if not isinstance(body, dict):
            raise ValueError("must be a JSON object")
        return value


class PartnerIn(ObjectIn):
    agency: str
    role: str = Field("", max_length=2000)
    uncertain: bool = False


class MissionChangesIn(ObjectIn):
    """Fields to set on a mission; omitted fields stay as they are.

    Only the dates, the duration and the site's coordinates may be sent as null
    (to clear them); every other field, when sent, needs a value.
    """

    slug: str = Field(NOT_SENT, max_length=80)
    name: str = Field(NOT_SENT, max_length=200)
    aliases: list[str] = Field(NOT_SENT)
    lead: str = Field(NOT_SENT)
    partners: list[PartnerIn] = Field(NOT_SENT)
    destination: str = Field(NOT_SENT)
    crewed: bool = Field(NOT_SENT)
    kind: str = Field(NOT_SENT)
    status: str = Field(NOT_SENT)
    confidence: str = Field(NOT_SENT)
    planned_launch: str | None = Field(
        None, description="e.g. 2028, 2028-Q2, NET 2027-05"
    )
    planned_launch_note: str = Field(NOT_SENT)
    actual_launch: str | None = None
    ended: str | None = None
    outcome_note: str = Field(NOT_SENT)
    duration_days: int | None = Field(None, ge=0, le=100000)
    cospar_id: str = Field(NOT_SENT, max_length=20)
    site_name: str = Field(NOT_SENT)
    site_latitude: float | None = Field(None, ge=-90, le=90)
    site_longitude: float | None = Field(None, ge=-180, le=180)
    site_kind: str = Field(NOT_SENT)
    site_uncertain: bool = Field(NOT_SENT)
    site_note: str = Field(NOT_SENT)
    description: str = Field(NOT_SENT, max_length=20000)
    notes: str = Field(NOT_SENT)
    uncertain: bool = Field(NOT_SENT)
    uncertain_note: str = Field(NOT_SENT)
    objectives: list[str] = Field(NOT_SENT)
    provides: list[str] = Field(NOT_SENT)
    needs: list[str] = Field(NOT_SENT)
    sources: list[str] = Field(NOT_SENT)

    def changes(self) -> dict[str, Any]:
        """Return only the fields the client sent."""
        data: dict[str, Any] = self.model_dump(exclude_unset=True)
        return data


class MissionCreateIn(MissionChangesIn):
    slug: str = Field(..., max_length=80)
    name: str = Field(..., max_length=200)
    destination: str
    kind: str
    status: str
    confidence: str = "reported"


class PartnerRoleIn(ObjectIn):
    role: str = Field("", max_length=2000)
    uncertain: bool = False


class ProposalIn(ObjectIn):
    changes: MissionChangesIn
    reason: str = Field("", max_length=5000)


class DecisionIn(ObjectIn):
    comment: str = Field("", max_length=5000)


class CommentIn(ObjectIn):
    body: str = Field(..., min_length=1, max_length=5000)


class ProposalOut(Schema):
    id: int
    mission: str
    owner_agency: str
    proposer_agency: str | None
    state: str
    base_version: int
    changes: dict[str, Any]
    reason: str
    url: str


class RevisionOut(Schema):
    id: int
    record_type: str
    record: str
    action: str
    version: int | None
    agency: str | None
    by: str
    at: str
    changes: dict[str, Any]
    note: str


class TokenOut(Schema):
    prefix: str
    name: str
    created_at: str
