from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "ger.history"
    verbose_name = _("History")
