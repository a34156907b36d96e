from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectivesConfig(AppConfig):
    name = "ger.objectives"
    verbose_name = _("Objectives")
