"""WSGI entry point for production servers (``ger serve`` runs gunicorn on it).

Django's application sits behind ``ger.http.front_cache``, which answers repeated
anonymous reads that the views marked as cacheable without entering Django.
"""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ger.settings")

_django = get_wsgi_application()

from ger.http.front_cache import FrontCache  # noqa: E402 (needs the settings above)

application = FrontCache(_django)
