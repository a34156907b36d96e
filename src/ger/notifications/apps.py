from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "ger.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from ger.notifications import signals

        signals.connect()
