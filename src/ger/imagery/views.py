"""Serve stored image files, from whatever storage holds them."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.views.decorators.http import require_safe

from ger.imagery.models import Image
from ger.imagery.services import FOLDER

# A file's name is its SHA-256: what an address serves never changes.
IMMUTABLE = "public, max-age=31536000, immutable"


@require_safe
def image_file(request: HttpRequest, name: str) -> HttpResponseBase:
    """Serve one image file by its name (its SHA-256 and extension)."""
    image = Image.objects.filter(file=f"{FOLDER}/{name}").only("media_type").first()
    if image is None:
        raise Http404("No image has this name.")
    try:
        handle = default_storage.open(f"{FOLDER}/{name}", "rb")
    except FileNotFoundError:
        raise Http404("The image file is missing from storage.") from None
    response = FileResponse(handle, content_type=image.media_type)
    response["Cache-Control"] = IMMUTABLE
    response["X-Content-Type-Options"] = "nosniff"
    return response
