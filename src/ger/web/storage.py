"""Static files: hashed names, pre-compressed with gzip."""

from __future__ import annotations

from typing import Any

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class GzipManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    """Hashed, gzip-compressed static files.

    Brotli at its highest level makes ``collectstatic`` (run by ``ger serve``) take a
    minute on two cores; gzip gives most of the saving in seconds.
    """

    def create_compressor(self, **kwargs: Any) -> Compressor:
        return Compressor(use_brotli=False, **kwargs)
