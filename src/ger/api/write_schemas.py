"""Request bodies of the write endpoints: a mission's state, field by field."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import model_validator


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
    role: str = ""
    uncertain: bool = False


class MissionChangesIn(ObjectIn):
    """Fields to set on a mission; omitted fields stay as they are."""

    slug: str | None = Field(None, max_length=80)
    name: str | None = Field(None, max_length=200)
    aliases: list[str] | None = None
    lead: str | None = None
    partners: list[PartnerIn] | None = None
    destination: str | None = None
    crewed: bool | None = None
    kind: str | None = None
    status: str | None = None
    confidence: str | None = None
    planned_launch: str | None = Field(
        None, description="e.g. 2028, 2028-Q2, NET 2027-05"
    )
    planned_launch_note: str | None = None
    actual_launch: str | None = None
    ended: str | None = None
    outcome_note: str | None = None
    duration_days: int | None = Field(None, ge=0, le=100000)
    cospar_id: str | None = Field(None, max_length=20)
    site_name: str | None = None
    site_latitude: float | None = Field(None, ge=-90, le=90)
    site_longitude: float | None = Field(None, ge=-180, le=180)
    site_kind: str | None = None
    site_uncertain: bool | None = None
    site_note: str | None = None
    description: str | None = Field(None, max_length=20000)
    notes: str | None = None
    uncertain: bool | None = None
    uncertain_note: str | None = None
    objectives: list[str] | None = None
    provides: list[str] | None = None
    needs: list[str] | None = None
    sources: list[str] | None = None

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
