"""The shapes of API responses (they are also the OpenAPI document's schemas)."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, str]


class ErrorOut(Schema):
    error: ErrorDetail


class SourceOut(Schema):
    url: str
    title: str = ""
    date: str = ""
    about: str = ""


class AgencyOut(Schema):
    code: str
    slug: str
    name: str
    name_local: str
    kind: str
    country: str
    website: str
    former_names: list[str]
    member: bool
    member_since: str | None
    founding_member: bool
    uncertain: bool
    uncertain_note: str
    sources: list[SourceOut]
    url: str


class DestinationOut(Schema):
    slug: str
    name: str
    parent: str | None
    description: str
    url: str


class PartnerOut(Schema):
    agency: str
    role: str


class MissionOut(Schema):
    slug: str
    name: str
    aliases: list[str]
    lead: str
    partners: list[PartnerOut]
    destination: str
    crewed: bool
    kind: str
    status: str
    confidence: str
    planned_launch: str | None
    planned_launch_precision: str | None
    planned_launch_note: str
    actual_launch: str | None
    uncertain: bool
    version: int
    url: str


class EditionPlanOut(Schema):
    edition: str
    planned_launch: str | None
    statement: str
    in_edition: str
    basis: str
    status: str


class DependencyOut(Schema):
    mission: str
    kind: str
    lag_months: int
    uncertain: bool


class LandingSiteOut(Schema):
    name: str
    latitude: float | None
    longitude: float | None
    kind: str
    uncertain: bool
    note: str


class MissionDetailOut(MissionOut):
    ended: str | None
    outcome: str
    description: str
    notes: str
    uncertain_note: str
    cospar_id: str
    landing_site: LandingSiteOut | None
    plans: list[EditionPlanOut]
    depends_on: list[DependencyOut]
    enables: list[DependencyOut]
    objectives: list[dict[str, str]]
    capabilities: list[dict[str, str]]
    sources: list[SourceOut]


class EditionMissionOut(MissionOut):
    """A mission as an edition stated it (``?edition=``)."""

    edition: str
    statement: str
    in_edition: str
    basis: str


class GoalOut(Schema):
    code: str
    title: str
    description: str
    note: str
    uncertain: bool
    objectives: list[str]
    sources: list[SourceOut]


class ObjectiveOut(Schema):
    code: str
    title: str
    goal: str | None
    theme: str | None
    framework: str
    note: str
    uncertain: bool
    mission_count: int = Field(description="how many missions address the objective")
    missions_url: str = Field(
        description="the missions that address it: /missions filtered on it"
    )
    sources: list[SourceOut]


class EditionOut(Schema):
    code: str
    slug: str
    title: str
    kind: str
    status: str
    released: str | None
    participating_count: int | None
    participating_agencies: list[str]
    themes: list[str]
    notes: str
    uncertain: bool
    snapshot_sha256: str | None
    supersedes: str | None = Field(
        description="The code of the issue this corrected re-issue supersedes."
    )
    erratum_reason: str = Field(description="What this re-issue corrects.")
    superseded_by: str | None = Field(
        description="The code of the published re-issue that corrects this edition."
    )
    url: str


class Page(Schema):
    count: int
    limit: int
    offset: int
    results: list[Any]


class AgencyPage(Page):
    results: list[AgencyOut]


class MissionPage(Page):
    results: list[MissionOut | EditionMissionOut]


class DestinationPage(Page):
    results: list[DestinationOut]


class GoalPage(Page):
    results: list[GoalOut]


class ObjectivePage(Page):
    results: list[ObjectiveOut]


class EditionPage(Page):
    results: list[EditionOut]
