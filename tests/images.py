"""Image files for the imagery tests, made with Pillow, and a storage of their own."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def jpeg_with_metadata(size: tuple[int, int] = (2400, 1200)) -> bytes:
    """Return a JPEG that carries EXIF (camera, author, place) and an ICC profile."""
    picture = Image.new("RGB", size, (30, 60, 120))
    for x in range(0, size[0], 50):
        picture.paste((220, 180, 40), (x, 0, x + 10, size[1]))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x013B] = "Jane Photographer"  # Artist
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 29.0)}  # GPS
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", exif=exif.tobytes(), icc_profile=b"\0" * 128)
    return buffer.getvalue()


def png_with_alpha(size: tuple[int, int] = (300, 200)) -> bytes:
    picture = Image.new("RGBA", size, (200, 30, 30, 128))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def upload(content: bytes, name: str = "picture.jpg", kind: str = "image/jpeg") -> Any:
    return SimpleUploadedFile(name, content, content_type=kind)


def media_storage(settings: Any, tmp_path: Path) -> Path:
    """Keep uploaded files in the test's own folder, never in the checkout's var/."""
    folder = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    return folder


def stored_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())
