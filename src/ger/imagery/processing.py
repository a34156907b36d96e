"""Turn an uploaded file into a clean image: checked, resized, re-encoded, no metadata.

Pillow reads only the formats named here; a file that is not one of them, that
is damaged, or whose pixel count is too large (a decompression bomb: a small file
that would expand to gigabytes) is refused before it is decoded. The result holds
pixels only: no EXIF (camera, place, time), no ICC profile, no text chunks.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from PIL import Image as PillowImage
from PIL import ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
# Refused before decoding: about 1.6 GB of RGBA pixels at most.
MAX_PIXELS = 40_000_000
# The longest side of the stored image; larger ones are scaled down.
MAX_SIDE = 1600
JPEG_QUALITY = 85


class ImageRefused(ValueError):
    """The upload is not an image GER can take; the message says why."""


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded image: its bytes, their SHA-256 and what they are."""

    content: bytes
    media_type: str
    extension: str
    width: int
    height: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def file_name(self) -> str:
        return f"{self.sha256}.{self.extension}"


def clean_image(upload: IO[bytes], max_side: int = MAX_SIDE) -> CleanImage:
    """Return the upload as a resized, re-encoded image with no metadata.

    Raise ``ImageRefused`` when it is not an image in an accepted format, is
    damaged, or has more than ``MAX_PIXELS`` pixels.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PillowImage.DecompressionBombWarning)
            with PillowImage.open(upload, formats=ACCEPTED_FORMATS) as opened:
                width, height = opened.size
                if width * height > MAX_PIXELS:
                    raise ImageRefused(
                        _(
                            "the image is %(width)d by %(height)d pixels; "
                            "the limit is %(limit)d million pixels"
                        )
                        % {
                            "width": width,
                            "height": height,
                            "limit": MAX_PIXELS // 1_000_000,
                        }
                    )
                opened.seek(0)  # the first frame of an animation
                picture = ImageOps.exif_transpose(opened)
                picture.load()
    except ImageRefused:
        raise
    except (PillowImage.DecompressionBombError, PillowImage.DecompressionBombWarning):
        raise ImageRefused(
            _("the image has too many pixels; the limit is %(limit)d million pixels")
            % {"limit": MAX_PIXELS // 1_000_000}
        ) from None
    except UnidentifiedImageError:
        raise ImageRefused(
            _("not an image GER reads (JPEG, PNG, WebP or GIF)")
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ImageRefused(_("the image file is damaged or incomplete")) from None
    return _encode(picture, max_side)


def _encode(picture: PillowImage.Image, max_side: int) -> CleanImage:
    transparent = picture.mode in ("RGBA", "LA", "PA") or (
        picture.mode == "P" and "transparency" in picture.info
    )
    mode = "RGBA" if transparent else "RGB"
    converted = picture.convert(mode)
    converted.thumbnail((max_side, max_side), PillowImage.Resampling.LANCZOS)
    # A new image from the pixels alone: nothing of the upload's metadata follows.
    clean = PillowImage.frombytes(mode, converted.size, converted.tobytes())
    buffer = io.BytesIO()
    if transparent:
        clean.save(buffer, format="PNG", optimize=True)
        media_type, extension = "image/png", "png"
    else:
        clean.save(
            buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True
        )
        media_type, extension = "image/jpeg", "jpg"
    return CleanImage(
        content=buffer.getvalue(),
        media_type=media_type,
        extension=extension,
        width=clean.width,
        height=clean.height,
    )
