"""Keep search entries in step with single-record saves and deletes.

Bulk loads bypass signals; they rebuild the whole index instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from ger.editions.models import Edition
from ger.objectives.models import Goal, Objective
from ger.plans.models import Destination, Mission, MissionPartner
from ger.registry.models import Agency
from ger.search import indexing
from ger.search.models import SearchEntry


def _mission_saved(sender: Any, instance: Mission, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # fixtures and restores rebuild the whole index afterwards
    mission = Mission.objects.with_related().get(pk=instance.pk)
    indexing.replace_entry(indexing.mission_entry(mission))


def _partner_changed(sender: Any, instance: MissionPartner, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # fixtures and restores rebuild the whole index afterwards
    mission = Mission.objects.with_related().filter(pk=instance.mission_id).first()
    if mission is not None:
        indexing.replace_entry(indexing.mission_entry(mission))


def _edition_saved(sender: Any, instance: Edition, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # fixtures and restores rebuild the whole index afterwards
    if instance.is_published or instance.kind == Edition.Kind.WORKING_DRAFT:
        indexing.replace_entry(indexing.edition_entry(instance))
    else:
        indexing.remove_entry(SearchEntry.Kind.EDITION, instance.code)


SIMPLE: dict[type[Model], tuple[Callable[[Any], SearchEntry], str, str]] = {
    Agency: (indexing.agency_entry, SearchEntry.Kind.AGENCY, "code"),
    Objective: (indexing.objective_entry, SearchEntry.Kind.OBJECTIVE, "code"),
    Goal: (indexing.goal_entry, SearchEntry.Kind.GOAL, "code"),
    Destination: (indexing.destination_entry, SearchEntry.Kind.DESTINATION, "slug"),
}


def _simple_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # fixtures and restores rebuild the whole index afterwards
    build, _kind, _key = SIMPLE[sender]
    indexing.replace_entry(build(instance))


def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if sender is Mission:
        indexing.remove_entry(SearchEntry.Kind.MISSION, instance.slug)
    elif sender is Edition:
        indexing.remove_entry(SearchEntry.Kind.EDITION, instance.code)
    else:
        _build, kind, key = SIMPLE[sender]
        indexing.remove_entry(kind, getattr(instance, key))


def connect() -> None:
    """Connect the receivers (called once, when the app is ready)."""
    post_save.connect(
        _mission_saved, sender=Mission, dispatch_uid="search-mission-saved"
    )
    post_save.connect(
        _edition_saved, sender=Edition, dispatch_uid="search-edition-saved"
    )
    post_save.connect(
        _partner_changed, sender=MissionPartner, dispatch_uid="search-partner-saved"
    )
    post_delete.connect(
        _partner_changed, sender=MissionPartner, dispatch_uid="search-partner-deleted"
    )
    deletable: list[type[Model]] = [Mission, Edition, *SIMPLE]
    for model in deletable:
        post_delete.connect(
            _deleted, sender=model, dispatch_uid=f"search-{model.__name__}-deleted"
        )
    for model in SIMPLE:
        post_save.connect(
            _simple_saved, sender=model, dispatch_uid=f"search-{model.__name__}-saved"
        )
