from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "ger.workspace"
    verbose_name = _("Workspaces")

    def ready(self) -> None:
        # Connects the lockout log to django-axes' signal.
        from ger.workspace import sign_in_throttle  # noqa: F401
