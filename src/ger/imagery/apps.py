from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImageryConfig(AppConfig):
    name = "ger.imagery"
    verbose_name = _("Imagery")
