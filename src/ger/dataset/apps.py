from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatasetConfig(AppConfig):
    name = "ger.dataset"
    verbose_name = _("Data sets and imports")
