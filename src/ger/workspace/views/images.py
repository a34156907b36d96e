"""Workspace images: add them to a mission, destination or edition; withdraw them."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ger import access as permissions
from ger.access import write_view
from ger.editions.models import Edition
from ger.imagery.models import Image
from ger.imagery.services import (
    ImageInputError,
    Subject,
    attach_image,
    images_of,
    withdraw_image,
)
from ger.plans.models import Destination, Mission
from ger.workspace.image_forms import ImageUploadForm
from ger.workspace.views.common import (
    acting_user,
    error_list,
    forbidden,
    member_required,
)

MISSIONS_LISTED = 50


def _subject(kind: str, slug: str) -> Subject:
    if kind == "mission":
        return get_object_or_404(Mission.objects.select_related("lead"), slug=slug)
    if kind == "destination":
        return get_object_or_404(Destination, slug=slug)
    if kind == "edition":
        return get_object_or_404(Edition.objects.defer("snapshot"), slug=slug)
    raise Http404(_("Images belong to missions, destinations and editions."))


def _subject_url(subject: Subject) -> str:
    kind = type(subject).__name__.lower()
    return reverse(f"workspace:{kind}_images", args=[subject.slug])


def _public_url(subject: Subject) -> str:
    if isinstance(subject, Destination):
        return reverse("web:destination", args=[subject.slug])
    return subject.get_absolute_url()


def _refusal(request: HttpRequest) -> HttpResponse:
    return forbidden(
        request,
        _(
            "Agency editors add images to their agency's missions; the secretariat "
            "to every mission, destination and edition."
        ),
    )


@member_required
def images_index(request: HttpRequest) -> HttpResponse:
    """List what the signed-in member may illustrate."""
    user = acting_user(request)
    agency = permissions.editor_agency(user)
    secretariat = permissions.is_secretariat(user)
    query = request.GET.get("q", "").strip()
    missions = Mission.objects.select_related("lead").order_by("name")
    if agency is not None:
        missions = missions.filter(lead=agency)
    elif query:
        missions = missions.filter(Q(name__icontains=query) | Q(slug__icontains=query))
    else:
        missions = missions.filter(images__isnull=False).distinct()
    context = {
        "missions": list(missions[:MISSIONS_LISTED]),
        "missions_limit": MISSIONS_LISTED,
        "q": query,
        "secretariat": secretariat,
        "destinations": list(Destination.objects.all()) if secretariat else [],
        "editions": list(
            Edition.objects.defer("snapshot")
            .exclude(status=Edition.Status.PUBLISHED)
            .order_by("-released_on", "code")
        )
        if secretariat
        else [],
    }
    return render(request, "workspace/images_index.html", context)


@write_view
@member_required
def subject_images(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    """Show a record's images and take a new one."""
    subject = _subject(kind, slug)
    user = acting_user(request)
    if not permissions.can_manage_images(user, subject):
        return _refusal(request)
    form = ImageUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                image = attach_image(
                    subject,
                    data["file"],
                    alt_text=data["alt_text"],
                    caption=data["caption"],
                    credit=data["credit"],
                    licence=data["licence"],
                    user=user,
                )
            except ImageInputError as problem:
                form.add_service_errors(problem)
            else:
                messages.success(
                    request,
                    _("Image added (%(width)d by %(height)d pixels).")
                    % {"width": image.width, "height": image.height},
                )
                return redirect(_subject_url(subject))
        status = 400
    context = {
        "subject": subject,
        "kind": kind,
        "public_url": _public_url(subject),
        "images": images_of(subject),
        "form": form,
        "errors": error_list(form) if form.is_bound else [],
        "published": isinstance(subject, Edition)
        and subject.status == Edition.Status.PUBLISHED,
    }
    return render(request, "workspace/images.html", context, status=status)


@write_view
@member_required
def image_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw an image from today's pages (a POST); editions published keep it."""
    image = get_object_or_404(
        Image.objects.select_related("mission", "destination", "edition"), pk=pk
    )
    subject = image.subject
    if not permissions.can_manage_images(acting_user(request), subject):
        return _refusal(request)
    if request.method != "POST":
        return redirect(_subject_url(subject))
    withdraw_image(image, acting_user(request))
    messages.success(
        request, _("Image withdrawn: “%(alt)s”.") % {"alt": image.alt_text}
    )
    return redirect(_subject_url(subject))
