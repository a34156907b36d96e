"""A mission's *state*: the plain data that forms, proposals and revisions share.

Codes stand for related records and "NET 2025"-style text for dates; ``apply_changes``
validates a partial state and writes it to a mission, naming each bad field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ger.objectives.models import Objective
from ger.plandates import PlanDate, PlanDateError
from ger.plans.models import (
    Capability,
    Destination,
    Mission,
    MissionCapability,
    MissionObjective,
    MissionPartner,
    MissionQuerySet,
    MissionSource,
)
from ger.registry.models import Agency

TEXT_FIELDS = (
    "slug",
    "name",
    "kind",
    "status",
    "confidence",
    "planned_launch_note",
    "outcome_note",
    "cospar_id",
    "site_name",
    "site_kind",
    "site_note",
    "description",
    "notes",
    "uncertain_note",
)
VALUE_FIELDS = (
    "crewed",
    "duration_days",
    "site_latitude",
    "site_longitude",
    "site_uncertain",
    "uncertain",
)
DATE_FIELDS = {"planned_launch": True, "actual_launch": False, "ended": False}
LIST_FIELDS = ("aliases", "objectives", "provides", "needs", "sources")
# A mission's plan and what became of it, in the order people read them: a section
# of the workspace's mission form, and keys of a mission in the data format.
PLAN_AND_OUTCOME_FIELDS = (
    "status",
    "confidence",
    "planned_launch",
    "planned_launch_note",
    "actual_launch",
    "ended",
    "outcome_note",
    "duration_days",
)
STATE_FIELDS = (
    TEXT_FIELDS
    + VALUE_FIELDS
    + tuple(DATE_FIELDS)
    + LIST_FIELDS
    + ("lead", "destination", "partners")
)
FIELD_LABELS = {
    "planned_launch": gettext_lazy("planned launch"),
    "actual_launch": gettext_lazy("actual launch"),
    "ended": gettext_lazy("ended"),
    "partners": gettext_lazy("partners"),
    "objectives": gettext_lazy("objectives addressed"),
    "provides": gettext_lazy("capabilities provided"),
    "needs": gettext_lazy("capabilities needed"),
    "sources": gettext_lazy("sources"),
    "aliases": gettext_lazy("other names"),
}
# Model fields whose validation errors belong to a state field of another name.
_MODEL_TO_STATE = {
    "planned_launch_on": "planned_launch",
    "planned_launch_precision": "planned_launch",
    "planned_launch_qualifier": "planned_launch",
    "actual_launch_on": "actual_launch",
    "actual_launch_precision": "actual_launch",
    "ended_on": "ended",
    "ended_precision": "ended",
}


class MissionInputError(ValueError):
    """A mission change is invalid; ``errors`` maps each state field to its messages."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        self.errors = dict(errors)
        super().__init__(
            "; ".join(f"{f}: {' '.join(m)}" for f, m in sorted(self.errors.items()))
        )


def field_label(name: str) -> str:
    """Return the human name of a state field."""
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    try:
        field = Mission._meta.get_field(name)
    except FieldDoesNotExist:
        return name.replace("_", " ")
    return str(getattr(field, "verbose_name", name))


def missions_for_state() -> MissionQuerySet:
    """Return the mission queryset with everything ``mission_state`` reads."""
    return Mission.objects.select_related("lead", "destination").prefetch_related(
        "partnerships__agency",
        "objective_links__objective",
        "capability_links__capability",
        "sources",
    )


def mission_state(mission: Mission) -> dict[str, Any]:
    """Return the mission as plain data: the vocabulary of forms and revisions."""
    state: dict[str, Any] = {name: getattr(mission, name) for name in TEXT_FIELDS}
    state.update({name: getattr(mission, name) for name in VALUE_FIELDS})
    for name in DATE_FIELDS:
        value = getattr(mission, name)
        state[name] = None if value is None else str(value)
    capabilities = list(mission.capability_links.all())
    state.update(
        lead=mission.lead.code,
        destination=mission.destination.slug,
        aliases=list(mission.aliases),
        partners=sorted(
            (
                {"agency": p.agency.code, "role": p.role, "uncertain": p.uncertain}
                for p in mission.partnerships.all()
            ),
            key=lambda partner: str(partner["agency"]),
        ),
        objectives=sorted(
            link.objective.code for link in mission.objective_links.all()
        ),
        provides=sorted(
            link.capability.code
            for link in capabilities
            if link.direction == MissionCapability.Direction.PROVIDES
        ),
        needs=sorted(
            link.capability.code
            for link in capabilities
            if link.direction == MissionCapability.Direction.NEEDS
        ),
        sources=[source.url or source.title for source in mission.sources.all()],
    )
    return state


def _error(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _set_scalars(
    mission: Mission, changes: Mapping[str, Any], errors: dict[str, list[str]]
) -> None:
    for name in changes:
        if name not in STATE_FIELDS:
            _error(
                errors, name, _("%(field)s is not a mission field") % {"field": name}
            )
    for name in TEXT_FIELDS:
        if name in changes:
            setattr(mission, name, changes[name] or "")
    for name in VALUE_FIELDS:
        if name in changes:
            setattr(mission, name, changes[name])
    if "aliases" in changes:
        mission.aliases = [str(alias) for alias in changes["aliases"] or []]
    if "lead" in changes:
        lead = Agency.objects.filter(code=changes["lead"]).first()
        if lead is None:
            _error(errors, "lead", _("no agency has this code"))
        else:
            mission.lead = lead
    if "destination" in changes:
        destination = Destination.objects.filter(slug=changes["destination"]).first()
        if destination is None:
            _error(errors, "destination", _("no destination has this slug"))
        else:
            mission.destination = destination
    for name, allow_qualifier in DATE_FIELDS.items():
        if name not in changes:
            continue
        try:
            date = (
                PlanDate.parse(str(changes[name]).strip().upper(), allow_qualifier)
                if changes[name]
                else None
            )
        except PlanDateError as problem:
            _error(errors, name, str(problem))
            continue
        setattr(mission, f"{name}_on", date.start if date else None)
        setattr(mission, f"{name}_precision", date.precision if date else "")
        if allow_qualifier:
            setattr(mission, f"{name}_qualifier", date.qualifier if date else "")


def _validate_model(mission: Mission, errors: dict[str, list[str]]) -> None:
    try:
        mission.full_clean(exclude=["version"])
    except ValidationError as problem:
        for field, messages in problem.message_dict.items():
            for message in messages:
                _error(errors, _MODEL_TO_STATE.get(field, field), message)


def _codes(
    model: Any, key: str, wanted: list[str], errors: dict[str, list[str]], field: str
) -> dict[str, Any]:
    found = {
        getattr(row, key): row for row in model.objects.filter(**{f"{key}__in": wanted})
    }
    for code in wanted:
        if code not in found:
            _error(errors, field, _("%(code)s does not exist") % {"code": code})
    return found


def _check_children(
    mission: Mission, changes: Mapping[str, Any], errors: dict[str, list[str]]
) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    if "partners" in changes:
        codes = [str(p["agency"]) for p in changes["partners"]]
        found["partners"] = _codes(Agency, "code", codes, errors, "partners")
        if len(set(codes)) != len(codes):
            _error(errors, "partners", _("an agency is listed twice"))
        if mission.lead_id is not None and mission.lead.code in codes:
            _error(errors, "partners", _("the lead agency cannot also be a partner"))
    if "objectives" in changes:
        found["objectives"] = _codes(
            Objective, "code", list(changes["objectives"]), errors, "objectives"
        )
    for name in ("provides", "needs"):
        if name in changes:
            found[name] = _codes(Capability, "code", list(changes[name]), errors, name)
    return found


def _write_children(
    mission: Mission, changes: Mapping[str, Any], found: dict[str, dict[str, Any]]
) -> None:
    if "partners" in changes:
        mission.partnerships.all().delete()
        MissionPartner.objects.bulk_create(
            MissionPartner(
                mission=mission,
                agency=found["partners"][str(p["agency"])],
                role=p.get("role") or "",
                uncertain=bool(p.get("uncertain")),
            )
            for p in changes["partners"]
        )
    if "objectives" in changes:
        # Links kept keep their basis and note; only the set changes.
        wanted = set(changes["objectives"])
        mission.objective_links.exclude(objective__code__in=wanted).delete()
        kept = set(mission.objective_links.values_list("objective__code", flat=True))
        MissionObjective.objects.bulk_create(
            MissionObjective(mission=mission, objective=found["objectives"][code])
            for code in sorted(wanted - kept)
        )
    for direction in ("provides", "needs"):
        if direction in changes:
            links = mission.capability_links.filter(direction=direction)
            wanted = set(changes[direction])
            links.exclude(capability__code__in=wanted).delete()
            kept = set(links.values_list("capability__code", flat=True))
            MissionCapability.objects.bulk_create(
                MissionCapability(
                    mission=mission,
                    capability=found[direction][code],
                    direction=direction,
                )
                for code in sorted(wanted - kept)
            )
    if "sources" in changes:
        _write_sources(mission, [str(s) for s in changes["sources"]])


def _write_sources(mission: Mission, wanted: list[str]) -> None:
    existing = {source.url or source.title: source for source in mission.sources.all()}
    for key, source in existing.items():
        if key not in wanted:
            source.delete()
    for position, key in enumerate(wanted):
        found = existing.get(key)
        if found is not None:
            source = found
        else:
            is_url = key.startswith(("http://", "https://"))
            source = MissionSource(
                mission=mission, url=key if is_url else "", title="" if is_url else key
            )
        source.position = position
        source.save()


def apply_changes(mission: Mission, changes: Mapping[str, Any]) -> None:
    """Validate and write ``changes`` to ``mission``; raise MissionInputError."""
    errors: dict[str, list[str]] = {}
    _set_scalars(mission, changes, errors)
    _validate_model(mission, errors)
    found = _check_children(mission, changes, errors)
    if errors:
        raise MissionInputError(errors)
    mission.save()
    _write_children(mission, changes, found)


class _DryRun(Exception):
    """Raised inside a savepoint to undo a validation-only write."""


def check_changes(mission: Mission, changes: Mapping[str, Any]) -> None:
    """Raise MissionInputError if ``changes`` could not be applied; write nothing."""
    try:
        with transaction.atomic():
            apply_changes(missions_for_state().get(pk=mission.pk), changes)
            raise _DryRun
    except _DryRun:
        pass
