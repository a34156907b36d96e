"""Publishing with care: what will be frozen, open flags, and the override's reason."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ger.editions.models import Edition, EditionFlag, EditionProse
from ger.editions.workflow import (
    EditionWorkflowError,
    edition_snapshot,
    publish_reviewed_edition,
)
from ger.publishing.models import BuildRun
from ger.publishing.services import request_build
from ger.translated_content import translation_languages
from ger.workspace.models import FlagResolution, PublicationOverride


@dataclass
class PublicationCheck:
    """What publishing an edition would freeze, and what is still missing."""

    edition: Edition
    mission_count: int = 0
    agency_count: int = 0
    crewed_count: int = 0
    open_flags: list[EditionFlag] = field(default_factory=list)
    resolved_flag_count: int = 0
    missing_prose: list[str] = field(default_factory=list)
    # (part, language name) for each written part not yet translated.
    missing_translations: list[tuple[str, str]] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        """Return whether open flags stop publication (unless overridden)."""
        return bool(self.open_flags)


def open_flags(edition: Edition) -> QuerySet[EditionFlag]:
    """Return the edition's flags that nobody resolved yet."""
    return edition.flags.filter(resolution__isnull=True).select_related("agency")


def publication_check(edition: Edition) -> PublicationCheck:
    """Return what publishing ``edition`` would freeze and what is missing."""
    snapshot = edition_snapshot(edition)
    missions = snapshot.get("missions", [])
    agencies = {mission.get("lead") for mission in missions} | {
        partner.get("agency")
        for mission in missions
        for partner in mission.get("partners", [])
    }
    flags = list(open_flags(edition))
    prose = {item.part: item for item in EditionProse.objects.filter(edition=edition)}
    missing_prose: list[str] = []
    missing_translations: list[tuple[str, str]] = []
    for part, label in EditionProse.Part.choices:
        item = prose.get(part)
        if item is None or not item.markdown.strip():
            missing_prose.append(str(label))
            continue
        for language, name in translation_languages():
            text = (item.translations.get(language) or {}).get("markdown", "")
            if not str(text).strip():
                missing_translations.append((str(label), name))
    return PublicationCheck(
        edition=edition,
        mission_count=len(missions),
        agency_count=len(agencies - {None, ""}),
        crewed_count=sum(1 for mission in missions if mission.get("crewed")),
        open_flags=flags,
        resolved_flag_count=edition.flags.filter(resolution__isnull=False).count(),
        missing_prose=missing_prose,
        missing_translations=missing_translations,
    )


def resolve_flag(flag: EditionFlag, user: User, note: str) -> FlagResolution:
    """Close a flag with the secretariat's note on how it was dealt with."""
    if not note.strip():
        raise EditionWorkflowError(_("say how the problem was resolved"))
    if FlagResolution.objects.filter(flag=flag).exists():
        raise EditionWorkflowError(_("this problem is already resolved"))
    return FlagResolution.objects.create(
        flag=flag,
        resolved_by=user,
        resolved_by_label=user.get_username(),
        note=note.strip(),
    )


def publish_with_care(
    edition: Edition, user: User, override_reason: str = ""
) -> tuple[Edition, BuildRun]:
    """Publish a reviewed edition and queue its build.

    Open flags stop it unless ``override_reason`` says why it goes ahead anyway;
    the reason and the flags it overrode are recorded.
    """
    reason = override_reason.strip()
    with transaction.atomic():
        flags = list(open_flags(edition).select_for_update(of=("self",)))
        if flags and not reason:
            raise EditionWorkflowError(
                ngettext(
                    "%(count)d flagged problem is open: resolve it, or give the "
                    "reason to publish anyway",
                    "%(count)d flagged problems are open: resolve them, or give the "
                    "reason to publish anyway",
                    len(flags),
                )
                % {"count": len(flags)}
            )
        published = publish_reviewed_edition(edition, user)
        if flags:
            PublicationOverride.objects.create(
                edition=published,
                user=user,
                user_label=user.get_username(),
                reason=reason,
                open_flags=[
                    {
                        "id": flag.pk,
                        "agency": flag.agency.code if flag.agency else "",
                        "mission": flag.mission_slug,
                        "problem": flag.body,
                    }
                    for flag in flags
                ],
            )
    # After the commit: the worker must find the published edition.
    return published, request_build(published, user)
