from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "ger.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from ger.search import signals

        signals.connect()
