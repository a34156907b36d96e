from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "ger.publishing"
    verbose_name = _("Publishing")

    def ready(self) -> None:
        from ger.publishing import checks  # noqa: F401  (registers the checks)
