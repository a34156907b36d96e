"""Images in the workspace: who may add them, what is refused, where they show."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from ger.editions.models import Edition
from ger.imagery.models import Image
from ger.plans.models import Destination
from tests.images import jpeg_with_metadata, stored_files, upload

pytestmark = pytest.mark.django_db

FIELDS = {
    "alt_text": "The rover on a grey slope, its mast raised",
    "caption": "Test drive at the analogue site.",
    "credit": "NASA/Jane Photographer",
    "licence": "Public domain",
}


def post_image(client, url: str, content: bytes | None = None, **changes):
    data = {**FIELDS, **changes}
    if content is not None:
        data["file"] = upload(content)
    return client.post(url, data)


def mission_url(slug: str = "nasa-rover") -> str:
    return reverse("workspace:mission_images", args=[slug])


def test_an_editor_adds_an_image_that_shows_with_its_credit_on_the_mission_page(
    client, nasa_editor, media_storage: Path
):
    client.force_login(nasa_editor)
    response = post_image(client, mission_url(), jpeg_with_metadata())
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.mission.slug, image.width, image.height) == ("nasa-rover", 1600, 800)
    assert image.uploaded_by == nasa_editor
    assert stored_files(media_storage) == [media_storage / image.file.name]
    assert b"Jane Photographer" not in (media_storage / image.file.name).read_bytes()
    client.logout()
    page = client.get("/missions/nasa-rover/").content.decode()
    assert f'<img src="/images/{image.file_name}"' in page
    assert 'alt="The rover on a grey slope, its mast raised"' in page
    assert "Credit: NASA/Jane Photographer · Licence: Public domain" in page
    served = client.get(f"/images/{image.file_name}")
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["Cache-Control"] == "public, max-age=31536000, immutable"
    assert (
        b"".join(served.streaming_content)
        == (media_storage / image.file.name).read_bytes()
    )


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (
            b"%PDF-1.7\n1 0 obj << >> endobj",
            "roadmap.jpg",
            "Image file: not an image GER reads (JPEG, PNG, WebP or GIF)",
        ),
        (
            jpeg_with_metadata((400, 300))[:700],
            "cut.jpg",
            "Image file: the image file is damaged or incomplete",
        ),
    ],
    ids=["pdf-named-jpg", "truncated"],
)
def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_stored(
    client, nasa_editor, media_storage: Path, content, name, expected
):
    client.force_login(nasa_editor)
    response = client.post(mission_url(), {**FIELDS, "file": upload(content, name)})
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not Image.objects.exists()
    assert stored_files(media_storage) == []


@pytest.mark.parametrize("field", ["alt_text", "credit", "licence"])
def test_alt_text_credit_and_licence_are_required(
    client, nasa_editor, media_storage: Path, field
):
    client.force_login(nasa_editor)
    response = post_image(client, mission_url(), jpeg_with_metadata(), **{field: " "})
    assert response.status_code == 400
    label = {"alt_text": "Alternative text", "credit": "Credit", "licence": "Licence"}
    assert f"{label[field]}: This field is required." in response.content.decode()
    assert not Image.objects.exists()
    assert stored_files(media_storage) == []


def test_a_missing_file_is_named(client, nasa_editor, media_storage: Path):
    client.force_login(nasa_editor)
    response = post_image(client, mission_url())
    assert response.status_code == 400
    assert "Image file: This field is required." in response.content.decode()


@pytest.mark.parametrize(
    ("role", "url", "expected"),
    [
        ("nasa_editor", "mission:nasa-rover", 302),
        ("esa_editor", "mission:nasa-rover", 403),
        ("secretariat", "mission:nasa-rover", 302),
        ("nasa_editor", "destination:lunar-orbit", 403),
        ("secretariat", "destination:lunar-orbit", 302),
        ("nasa_editor", "edition:current", 403),
        ("secretariat", "edition:current", 302),
        ("anonymous", "mission:nasa-rover", 302),
    ],
)
def test_who_may_add_images(request, client, media_storage: Path, role, url, expected):
    user = request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    kind, slug = url.split(":")
    if kind == "edition":
        Edition.objects.filter(slug=slug).update(status=Edition.Status.DRAFT)
    response = post_image(
        client, reverse(f"workspace:{kind}_images", args=[slug]), jpeg_with_metadata()
    )
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith(reverse("workspace:login"))
    assert Image.objects.count() == (1 if expected == 302 and user else 0)
    assert len(stored_files(media_storage)) == Image.objects.count()


def test_a_published_edition_takes_no_new_image(
    client, secretariat, media_storage: Path
):
    edition = Edition.objects.filter(status=Edition.Status.PUBLISHED).first()
    assert edition is not None
    client.force_login(secretariat)
    url = reverse("workspace:edition_images", args=[edition.slug])
    response = post_image(client, url, jpeg_with_metadata())
    assert response.status_code == 400
    assert "A published edition never changes" in response.content.decode()
    assert not Image.objects.exists()
    assert stored_files(media_storage) == []


def test_a_withdrawn_image_leaves_the_page_and_keeps_its_file(
    client, nasa_editor, esa_editor, media_storage: Path
):
    client.force_login(nasa_editor)
    post_image(client, mission_url(), jpeg_with_metadata())
    image = Image.objects.get()
    withdraw = reverse("workspace:image_withdraw", args=[image.pk])
    client.force_login(esa_editor)
    assert client.post(withdraw).status_code == 403
    client.force_login(nasa_editor)
    assert client.post(withdraw).status_code == 302
    image.refresh_from_db()
    assert image.withdrawn_at is not None
    assert image.withdrawn_by == nasa_editor
    client.logout()
    assert image.file_name not in client.get("/missions/nasa-rover/").content.decode()
    # Editions published while it was shown still show it: the file stays.
    assert client.get(f"/images/{image.file_name}").status_code == 200


def test_destination_images_show_on_the_destination_page(
    client, secretariat, media_storage: Path
):
    client.force_login(secretariat)
    url = reverse("workspace:destination_images", args=["lunar-orbit"])
    assert post_image(client, url, jpeg_with_metadata()).status_code == 302
    image = Image.objects.get()
    assert image.destination == Destination.objects.get(slug="lunar-orbit")
    client.logout()
    page = client.get("/destinations/lunar-orbit/").content.decode()
    assert image.file_name in page
    assert "Credit: NASA/Jane Photographer" in page


def test_the_index_lists_what_each_member_may_illustrate(
    client, nasa_editor, secretariat
):
    client.force_login(nasa_editor)
    page = client.get(reverse("workspace:images")).content.decode()
    assert "NASA Rover" in page
    assert "ESA Lander" not in page
    client.force_login(secretariat)
    page = client.get(reverse("workspace:images") + "?q=lander").content.decode()
    assert "ESA Lander" in page
    assert reverse("workspace:destination_images", args=["lunar-orbit"]) in page


def test_an_image_upload_has_its_own_body_limit(
    client, nasa_editor, media_storage: Path, settings
):
    settings.GER_MAX_BODY_BYTES = 10_000
    settings.GER_MAX_IMAGE_BYTES = 4_000_000
    photo = jpeg_with_metadata((2400, 1800))
    assert 10_000 < len(photo) < 4_000_000
    client.force_login(nasa_editor)
    assert post_image(client, mission_url(), photo).status_code == 302
    settings.GER_MAX_IMAGE_BYTES = 20_000
    assert post_image(client, mission_url(), photo).status_code == 413
    assert Image.objects.count() == 1
    # Elsewhere the general limit holds.
    response = client.post(reverse("workspace:tokens"), {"name": "x" * 20_000})
    assert response.status_code == 413


def test_the_mission_form_links_its_images(client, nasa_editor):
    client.force_login(nasa_editor)
    page = client.get(reverse("workspace:mission_edit", args=["nasa-rover"]))
    assert mission_url() in page.content.decode()


def test_the_service_refuses_text_over_its_length_and_stores_nothing(
    cast_data, media_storage: Path
):
    from ger.imagery.services import ImageInputError, attach_image

    with pytest.raises(ImageInputError) as refused:
        attach_image(
            cast_data["NASA"],
            upload(jpeg_with_metadata((64, 48))),
            alt_text="x" * 301,
            credit="NASA",
            licence="Public domain",
        )
    assert refused.value.problems == {
        "alt_text": "At most 300 characters (it has 301)."
    }
    assert not Image.objects.exists()
    assert stored_files(media_storage) == []


def test_the_service_limits_are_the_model_lengths():
    from ger.imagery.services import TEXT_LIMITS

    for name, limit in TEXT_LIMITS.items():
        assert Image._meta.get_field(name).max_length == limit, name
