"""Images of missions, destinations and editions, with their credit and licence."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ger.editions.models import Edition
from ger.plans.models import Destination, Mission


class ImageQuerySet(models.QuerySet["Image"]):
    def shown(self) -> ImageQuerySet:
        """Return the images shown today: not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def as_of(self, moment: datetime.datetime) -> ImageQuerySet:
        """Return the images that were shown at ``moment`` (an edition's publication).

        Uploaded by then and not yet withdrawn: a published edition's pages and
        builds show what was there when it was published, whatever happens later.
        """
        return self.filter(uploaded_at__lte=moment).filter(
            Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gt=moment)
        )


class Image(models.Model):
    """A picture of one mission, destination or edition, re-encoded on upload.

    The file holds only pixels (no metadata) and is named by its SHA-256. An image
    is never deleted: withdrawing it hides it from today's pages, while the pages
    and builds of editions published before keep showing it.
    """

    mission = models.ForeignKey(
        Mission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="images",
    )
    destination = models.ForeignKey(
        Destination,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="images",
    )
    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="images",
    )
    file = models.FileField(_("file"), max_length=200)
    media_type = models.CharField(_("media type"), max_length=40)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    alt_text = models.CharField(_("alternative text"), max_length=300)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=200)
    licence = models.CharField(_("licence"), max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        mission__isnull=False,
                        destination__isnull=True,
                        edition__isnull=True,
                    )
                    | Q(
                        mission__isnull=True,
                        destination__isnull=False,
                        edition__isnull=True,
                    )
                    | Q(
                        mission__isnull=True,
                        destination__isnull=True,
                        edition__isnull=False,
                    )
                ),
                name="image_has_one_subject",
            ),
            models.CheckConstraint(
                condition=~Q(alt_text="") & ~Q(credit="") & ~Q(licence=""),
                name="image_has_alt_text_credit_and_licence",
            ),
        ]

    def __str__(self) -> str:
        return self.alt_text

    def get_absolute_url(self) -> str:
        return reverse("imagery:file", args=[self.file_name])

    @property
    def src(self) -> str:
        """Return the address pages show the image at."""
        return self.get_absolute_url()

    @property
    def file_name(self) -> str:
        """Return the file's own name (its SHA-256 and extension)."""
        return str(self.file.name).rsplit("/", 1)[-1]

    @property
    def subject(self) -> Mission | Destination | Edition:
        subject = self.mission or self.destination or self.edition
        assert subject is not None, "the constraint gives every image a subject"
        return subject
