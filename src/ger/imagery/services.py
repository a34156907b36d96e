"""Attach images to missions, destinations and editions; withdraw them; list them."""

from __future__ import annotations

from typing import IO

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ger.editions.models import Edition
from ger.imagery.models import Image
from ger.imagery.processing import CleanImage, ImageRefused, clean_image
from ger.plans.models import Destination, Mission

Subject = Mission | Destination | Edition
FOLDER = "images"
REQUIRED_TEXT = ("alt_text", "credit", "licence")
# The model's lengths, checked here so that a service caller gets the same answer
# on every database (SQLite does not enforce them).
TEXT_LIMITS = {"alt_text": 300, "credit": 200, "licence": 120, "caption": 300}


class ImageInputError(ValueError):
    """What is wrong with an upload, field by field."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


def _subject_field(subject: Subject) -> str:
    if isinstance(subject, Mission):
        return "mission"
    if isinstance(subject, Destination):
        return "destination"
    return "edition"


@transaction.atomic
def attach_image(
    subject: Subject,
    upload: IO[bytes] | None,
    *,
    alt_text: str,
    credit: str,
    licence: str,
    caption: str = "",
    user: User | None = None,
) -> Image:
    """Check, clean and store an uploaded image, and attach it to ``subject``.

    All or nothing: a refused upload (not an image, a required field empty, a
    published edition) stores no file and no row.
    """
    text = {
        "alt_text": alt_text.strip(),
        "credit": credit.strip(),
        "licence": licence.strip(),
        "caption": caption.strip(),
    }
    problems = _text_problems(text)
    if isinstance(subject, Edition) and subject.status == Edition.Status.PUBLISHED:
        problems["edition"] = _(
            "A published edition never changes: add its images while it is a draft "
            "or in review."
        )
    cleaned = None
    if upload is None:
        problems["file"] = _("Choose an image file.")
    else:
        try:
            cleaned = clean_image(upload)
        except ImageRefused as refusal:
            problems["file"] = str(refusal)
    if problems or cleaned is None:
        raise ImageInputError(problems)
    name, created = _store(cleaned)
    try:
        image = Image.objects.create(
            **{_subject_field(subject): subject},
            file=name,
            media_type=cleaned.media_type,
            width=cleaned.width,
            height=cleaned.height,
            sha256=cleaned.sha256,
            uploaded_by=user,
            **text,
        )
    except Exception:
        if created:
            default_storage.delete(name)
        raise
    return image


def _text_problems(text: dict[str, str]) -> dict[str, str]:
    """Return what is wrong with the texts: a required one empty, one too long."""
    problems = {
        name: _("This field is required.") for name in REQUIRED_TEXT if not text[name]
    }
    for name, value in text.items():
        limit = TEXT_LIMITS[name]
        if len(value) > limit:
            problems[name] = _("At most %(limit)d characters (it has %(count)d).") % {
                "limit": limit,
                "count": len(value),
            }
    return problems


def _store(cleaned: CleanImage) -> tuple[str, bool]:
    """Store the cleaned file under its name; return the name and whether it is new."""
    name = f"{FOLDER}/{cleaned.file_name}"
    created = not default_storage.exists(name)
    if created:
        stored = default_storage.save(name, ContentFile(cleaned.content))
        if stored != name:
            # The same pixels were stored meanwhile under their name: keep that one.
            default_storage.delete(stored)
            created = False
    return name, created


@transaction.atomic
def withdraw_image(image: Image, user: User | None = None) -> Image:
    """Hide an image from today's pages; editions published before keep it."""
    if image.withdrawn_at is None:
        image.withdrawn_at = timezone.now()
        image.withdrawn_by = user
        image.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return image


def images_of(subject: Subject) -> list[Image]:
    """Return the images shown today on ``subject``'s page."""
    return list(Image.objects.shown().filter(**{_subject_field(subject): subject}))


def edition_images(edition: Edition) -> list[Image]:
    """Return the images of an edition's own page: as of its publication, if any."""
    found = Image.objects.filter(edition=edition)
    if edition.published_at is not None:
        return list(found.as_of(edition.published_at))
    return list(found.shown())
