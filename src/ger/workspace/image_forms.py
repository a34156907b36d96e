"""The form of an image upload: the file and the words that must come with it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ger.imagery.services import ImageInputError


class ImageUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Image file"),
        help_text=_(
            "JPEG, PNG, WebP or GIF. It is scaled down to 1600 pixels at most and "
            "saved again without its metadata (camera, place, time)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    alt_text = forms.CharField(
        label=_("Alternative text"),
        max_length=300,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)
    credit = forms.CharField(
        label=_("Credit"),
        max_length=200,
        help_text=_("Who made the image, e.g. “NASA/Joel Kowsky”."),
    )
    licence = forms.CharField(
        label=_("Licence"),
        max_length=120,
        help_text=_(
            "Under which terms GER may publish it, e.g. “Public domain”, "
            "“CC BY 4.0”, “Used with permission”."
        ),
    )

    def add_service_errors(self, problem: ImageInputError) -> None:
        """Show the service's refusals under the fields they concern."""
        for name, message in problem.problems.items():
            self.add_error(name if name in self.fields else None, message)
