"""A roadmap edition: a draft being prepared, or an immutable published snapshot."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ger.canonical import canonical_json
from ger.nul import NUL
from ger.plandates import PlanDate, Precision
from ger.translated_content import (
    Translatable,
    TranslatedString,
    translated_list,
)


class EditionImmutableError(Exception):
    """A change was attempted to a published edition or its plans."""


class SnapshotCorruptError(Exception):
    """A published edition's snapshot no longer matches its SHA-256."""


class EditionQuerySet(models.QuerySet["Edition"]):
    def published(self) -> EditionQuerySet:
        return self.filter(status=Edition.Status.PUBLISHED)

    def public(self) -> EditionQuerySet:
        """Return the editions anyone may read: published ones and the working draft.

        The one statement of the rule: drafts and editions in review are for members
        (``ger.access.can_view_edition``); every public page, download, API answer,
        search entry and analysis starts from here.
        """
        return self.filter(
            Q(status=Edition.Status.PUBLISHED) | Q(kind=Edition.Kind.WORKING_DRAFT)
        )

    def by_key(self, key: str) -> Edition | None:
        """Return the edition whose code or slug is ``key`` (the code first), or None.

        A key holding a NUL character names nothing: no code or slug holds one, and
        PostgreSQL refuses it in a query.
        """
        if NUL in key:
            return None
        found = list(self.filter(Q(code=key) | Q(slug=key))[:2])
        return next((e for e in found if e.code == key), found[0] if found else None)

    def current(self) -> EditionQuerySet:
        """Return the published editions that no published re-issue supersedes."""
        return self.published().exclude(superseded_by__status=Edition.Status.PUBLISHED)

    def update(self, **kwargs: Any) -> int:
        if self.filter(status=Edition.Status.PUBLISHED).exists():
            raise EditionImmutableError("published editions cannot be updated")
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(status=Edition.Status.PUBLISHED).exists():
            raise EditionImmutableError("published editions cannot be deleted")
        return super().delete()


class Edition(Translatable, models.Model):
    """A roadmap edition: a draft being prepared, or an immutable published snapshot."""

    class Kind(models.TextChoices):
        FRAMEWORK = "framework", _("framework document")
        ROADMAP = "roadmap", _("roadmap")
        SUPPLEMENT = "supplement", _("supplement")
        RELATED_PRODUCT = "related_product", _("related product")
        WORKING_DRAFT = "working_draft", _("working draft")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("in review")
        PUBLISHED = "published", _("published")

    code = models.CharField(_("code"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    released_on = models.DateField(_("released"), null=True, blank=True)
    released_precision = models.CharField(
        max_length=8, choices=Precision.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    participating_count = models.PositiveSmallIntegerField(
        _("participating agencies"), null=True, blank=True
    )
    participating_agencies = models.JSONField(default=list, blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    # What readers are told about the edition; ``notes`` and ``uncertain_note`` are
    # the editors' (how facts were gathered, doubts). The summary describes the
    # record and is not part of the snapshot, so it may be worded better later.
    summary = models.TextField(
        _("summary for readers"),
        blank=True,
        help_text=_("Shown on public pages and in the document; editor notes are not."),
    )
    notes = models.TextField(_("editor notes"), blank=True)
    uncertain = models.BooleanField(_("uncertain"), default=False)
    uncertain_note = models.TextField(_("why uncertain"), blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    snapshot = models.JSONField(_("snapshot"), null=True, blank=True)
    snapshot_sha256 = models.CharField(_("snapshot SHA-256"), max_length=64, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # An erratum: this edition is a corrected re-issue of the one it supersedes.
    # The superseded edition is never changed; the link lives on the re-issue.
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    erratum_reason = models.TextField(_("why it was re-issued"), blank=True)
    # Not part of what was published (the snapshot): translations of the title,
    # themes and notes may be added or corrected after publication.
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_(
            'The title, summary and themes in other languages: {"fr": {"title": "…"}}.'
        ),
    )
    complete_for = models.JSONField(
        _("agencies recorded completely"),
        default=list,
        blank=True,
        help_text=_(
            "Codes of the agencies whose plans this edition's record holds in full: "
            "a mission of theirs missing from it was dropped, not left unrecorded."
        ),
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["released_on", "code"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published")
                | (Q(snapshot__isnull=False) & ~Q(snapshot_sha256="")),
                name="edition_published_has_snapshot",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = Edition.objects.filter(
                pk=self.pk, status=self.Status.PUBLISHED
            ).first()
            if stored is not None and _field_values(stored) != _field_values(self):
                raise EditionImmutableError(f"edition {stored.code} is published")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("web:edition", args=[self.slug])

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if Edition.objects.filter(pk=self.pk, status=self.Status.PUBLISHED).exists():
            raise EditionImmutableError(f"edition {self.code} is published")
        return super().delete(*args, **kwargs)

    @property
    def released(self) -> PlanDate | None:
        return PlanDate.from_parts(self.released_on, self.released_precision)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def translated_themes(self) -> list[TranslatedString]:
        """Return the themes in the active language, untranslated ones in English."""
        return [
            TranslatedString(theme)
            for theme in translated_list(
                self.translations, "themes", list(self.themes or [])
            )
        ]

    def moment(self) -> dt.datetime:
        """Return the time stamped on what the edition is built into.

        The start of the release period, so that a rebuild at any later time, or a
        publication in GER years after the release, gives the same bytes.
        """
        released = self.released
        if released is not None:
            return dt.datetime.combine(released.start, dt.time(), tzinfo=dt.UTC)
        if self.published_at is not None:
            return self.published_at.astimezone(dt.UTC).replace(microsecond=0)
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

    def superseding_issue(self) -> Edition | None:
        """Return the published re-issue that corrects this edition, if any."""
        return Edition.objects.published().filter(supersedes=self).first()

    def latest_issue(self) -> Edition:
        """Return the newest published issue of this edition's erratum chain."""
        edition, seen = self, {self.pk}
        while (later := edition.superseding_issue()) is not None:
            if later.pk in seen:  # a cycle cannot be saved, but never loop on one
                break
            seen.add(later.pk)
            edition = later
        return edition

    def issue_chain(self) -> list[Edition]:
        """Return every issue of this edition, the first issue first."""
        first, seen = self, {self.pk}
        while first.supersedes_id is not None and first.supersedes_id not in seen:
            seen.add(first.supersedes_id)
            first = Edition.objects.get(pk=first.supersedes_id)
        chain, seen = [first], {first.pk}
        while (later := Edition.objects.filter(supersedes=chain[-1]).first()) and (
            later.pk not in seen
        ):
            seen.add(later.pk)
            chain.append(later)
        return chain

    def verified_snapshot(self) -> dict[str, Any]:
        """Return the snapshot after checking it against its SHA-256."""
        if self.snapshot is None:
            raise SnapshotCorruptError(f"edition {self.code} has no snapshot")
        digest = hashlib.sha256(canonical_json(self.snapshot)).hexdigest()
        if digest != self.snapshot_sha256:
            raise SnapshotCorruptError(
                f"edition {self.code}: snapshot SHA-256 {digest} does not match "
                f"the recorded {self.snapshot_sha256}"
            )
        snapshot: dict[str, Any] = self.snapshot
        return snapshot


# Fields of a published edition (or of its prose) that may still change: the
# translations are not part of the snapshot, and a translation comes after the text.
TRANSLATABLE_AFTER_PUBLICATION = frozenset({"translations"})


def _field_values(edition: Edition) -> list[Any]:
    return [
        getattr(edition, field.attname)
        for field in Edition._meta.concrete_fields
        if not field.primary_key and field.name not in TRANSLATABLE_AFTER_PUBLICATION
    ]
