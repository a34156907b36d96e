"""The secretariat's activity feed, filterable by agency and date, and its CSV; the
sign-in lockouts."""

from __future__ import annotations

from axes.models import AccessFailureLog
from django.http import HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ger import access as permissions
from ger.history.services import activity, activity_rows
from ger.http.pagination import page_of
from ger.spreadsheet import csv_lines
from ger.workspace.forms import ActivityFilterForm
from ger.workspace.views.common import error_list, forbidden, member_required


@member_required
def activity_feed(request: HttpRequest) -> HttpResponseBase:
    if not permissions.can_view_activity(request.user):
        return forbidden(request, _("The activity feed is for the secretariat."))
    form = ActivityFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        context = {"form": form, "errors": error_list(form), "page": None}
        return render(request, "workspace/activity.html", context, status=400)
    data = form.cleaned_data if form.is_bound else {}
    revisions = activity(data.get("agency"), data.get("since"), data.get("until"))
    if request.GET.get("format") == "csv":
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response = StreamingHttpResponse(
            csv_lines(activity_rows(revisions)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="ger-activity-{stamp}.csv"'
        )
        return response
    page, query = page_of(request, revisions)
    context = {"form": form, "errors": [], "page": page, "query": query}
    return render(request, "workspace/activity.html", context)


@member_required
def sign_in_lockouts(request: HttpRequest) -> HttpResponseBase:
    """List the sign-ins refused by the throttle, newest first."""
    if not permissions.can_view_activity(request.user):
        return forbidden(request, _("The activity feed is for the secretariat."))
    lockouts = AccessFailureLog.objects.filter(locked_out=True).order_by(
        "-attempt_time", "-id"
    )
    page, _query = page_of(request, lockouts)
    return render(request, "workspace/lockouts.html", {"page": page})
