"""The images an edition's document and site show: those shown when it was published.

An image counts for a build when it was uploaded by the edition's publication and
not withdrawn by then, and belongs to the edition, to one of its missions or to a
destination of its missions. Later uploads and withdrawals change no file of the
build. The PDF embeds each image's bytes; the site copies them into ``images/``.
"""

from __future__ import annotations

import base64
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.core.files.storage import default_storage

from ger.imagery.models import Image
from ger.publishing.build.content import EditionContent

FOLDER = "images"


@dataclass(frozen=True)
class PlacedImage:
    """An image as one page shows it: where its file is, and its words."""

    src: str
    alt_text: str
    caption: str
    credit: str
    licence: str
    width: int
    height: int


@dataclass(frozen=True)
class ImageGroup:
    """The images of one record, under its name."""

    key: str
    heading: str
    images: list[PlacedImage]


@dataclass(frozen=True)
class EditionImages:
    """The edition's images: its own, then by destination, then by mission."""

    groups: list[tuple[str, str, list[Image]]]

    @property
    def files(self) -> list[Image]:
        seen: dict[str, Image] = {}
        for _key, _heading, images in self.groups:
            for image in images:
                seen.setdefault(image.file_name, image)
        return [seen[name] for name in sorted(seen)]

    def of(self, key: str) -> list[Image]:
        return next((images for k, _h, images in self.groups if k == key), [])


def edition_images(content: EditionContent) -> EditionImages:
    """Return the images shown when the edition was published, grouped by record."""
    edition = content.edition
    if edition.published_at is None:
        return EditionImages([])
    found = list(
        Image.objects.as_of(edition.published_at)
        .select_related("mission", "destination")
        .order_by("uploaded_at", "pk")
    )
    destinations: dict[str, str] = {}
    for mission in content.missions:
        destinations.setdefault(mission.destination, mission.destination_name)
    groups: list[tuple[str, str, list[Image]]] = []
    own = [image for image in found if image.edition_id == edition.pk]
    if own:
        groups.append(("edition", content.title, own))
    for slug, name in sorted(destinations.items(), key=lambda item: item[1]):
        images = [i for i in found if i.destination and i.destination.slug == slug]
        if images:
            groups.append((f"destination-{slug}", name, images))
    by_mission: dict[str, list[Image]] = {}
    for image in found:
        if image.mission is not None:
            by_mission.setdefault(image.mission.slug, []).append(image)
    for mission in sorted(content.missions, key=lambda m: (m.name.lower(), m.slug)):
        if mission.slug in by_mission:
            groups.append(
                (f"mission-{mission.slug}", mission.name, by_mission[mission.slug])
            )
    return EditionImages(groups)


def _placed(image: Image, src: str) -> PlacedImage:
    return PlacedImage(
        src=src,
        alt_text=image.alt_text,
        caption=image.caption,
        credit=image.credit,
        licence=image.licence,
        width=image.width,
        height=image.height,
    )


def _data_uri(image: Image) -> str:
    with default_storage.open(image.file.name, "rb") as handle:
        encoded = base64.b64encode(handle.read()).decode("ascii")
    return f"data:{image.media_type};base64,{encoded}"


def document_groups(images: EditionImages) -> list[ImageGroup]:
    """Return the groups for the PDF, each image's bytes embedded in its address."""
    uris = {image.file_name: _data_uri(image) for image in images.files}
    return [
        ImageGroup(key, heading, [_placed(i, uris[i.file_name]) for i in group])
        for key, heading, group in images.groups
    ]


def copy_images(images: EditionImages, root: Path) -> None:
    """Copy the image files into the site's ``images/`` folder."""
    if not images.files:
        return
    folder = root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for image in images.files:
        with (
            default_storage.open(image.file.name, "rb") as source,
            (folder / image.file_name).open("wb") as target,
        ):
            shutil.copyfileobj(source, target)


def site_groups(images: EditionImages, prefix: str = "") -> list[ImageGroup]:
    """Return the groups for a site page ``prefix`` folders below the site's root."""
    return [
        ImageGroup(
            key,
            heading,
            [_placed(i, f"{prefix}{FOLDER}/{i.file_name}") for i in group],
        )
        for key, heading, group in images.groups
    ]
