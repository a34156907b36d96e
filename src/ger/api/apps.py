from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "ger.api"
    verbose_name = _("API")

    def ready(self) -> None:
        from ger import plancache

        plancache.connect_signals()
