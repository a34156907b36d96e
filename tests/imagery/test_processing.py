"""Uploads are checked, resized and re-encoded with no metadata left (Pillow)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from ger.imagery.processing import MAX_SIDE, ImageRefused, clean_image
from tests.images import jpeg_with_metadata, png_with_alpha


def test_a_photo_is_scaled_down_and_loses_its_metadata():
    original = jpeg_with_metadata((2400, 1200))
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif()[0x013B] == "Jane Photographer"
        assert before.info.get("icc_profile")
    cleaned = clean_image(io.BytesIO(original))
    assert (cleaned.width, cleaned.height) == (MAX_SIDE, 800)
    assert cleaned.media_type == "image/jpeg"
    assert cleaned.file_name == f"{cleaned.sha256}.jpg"
    assert b"SecretCam" not in cleaned.content
    assert b"Jane Photographer" not in cleaned.content
    with Image.open(io.BytesIO(cleaned.content)) as after:
        assert after.format == "JPEG"
        assert after.size == (MAX_SIDE, 800)
        assert dict(after.getexif()) == {}
        assert "icc_profile" not in after.info
        assert "exif" not in after.info


def test_the_same_upload_gives_the_same_bytes():
    original = jpeg_with_metadata((640, 480))
    first = clean_image(io.BytesIO(original))
    assert clean_image(io.BytesIO(original)).content == first.content
    assert (first.width, first.height) == (640, 480)  # small ones keep their size


def test_a_transparent_image_stays_a_png():
    cleaned = clean_image(io.BytesIO(png_with_alpha()))
    assert cleaned.media_type == "image/png"
    with Image.open(io.BytesIO(cleaned.content)) as after:
        assert after.mode == "RGBA"
        assert after.size == (300, 200)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.7 not a picture at all", "not an image GER reads"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "not an image GER reads"),
        (b"", "not an image GER reads"),
        (jpeg_with_metadata((400, 300))[:600], "damaged or incomplete"),
    ],
    ids=["pdf", "svg", "empty", "truncated-jpeg"],
)
def test_what_is_not_a_whole_image_is_refused(content, message):
    with pytest.raises(ImageRefused, match=message):
        clean_image(io.BytesIO(content))


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    # 12,000 by 12,000 one-bit pixels: a few kilobytes that would decode to 576 MB.
    buffer = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 100_000
    with pytest.raises(ImageRefused, match="too many pixels; the limit is 40 million"):
        clean_image(io.BytesIO(buffer.getvalue()))


def test_an_image_over_the_pixel_limit_is_refused_with_its_size():
    buffer = io.BytesIO()
    Image.new("1", (8_000, 6_000)).save(buffer, format="PNG")
    with pytest.raises(ImageRefused, match="8000 by 6000 pixels; the limit is 40"):
        clean_image(io.BytesIO(buffer.getvalue()))
