"""Forms of the workspace other than the mission form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ger.editions.models import Edition
from ger.objectives.models import Goal, Objective
from ger.plandates import PlanDate, PlanDateError
from ger.registry.models import Agency, UserRole
from ger.translated_content import TranslationsModelForm
from ger.workspace.framework import GOAL_FIELDS, OBJECTIVE_FIELDS


class SignInForm(AuthenticationForm):
    """Django's sign-in form with the e-mail address as the user name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why this change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Comment"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Review comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AccountForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail"))
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=UserRole.Kind.choices)
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Agency"),
        queryset=Agency.objects.order_by("code"),
        required=False,
        to_field_name="code",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("role") == UserRole.Kind.EDITOR and not cleaned.get("agency"):
            self.add_error("agency", _("an editor belongs to one agency: choose it"))
        return cleaned


class MembershipForm(forms.Form):
    joined = forms.CharField(
        label=gettext_lazy("Joined on"),
        max_length=20,
        help_text=gettext_lazy("2007-11, 2020 or 2020-05-17."),
    )
    founding = forms.BooleanField(label=gettext_lazy("Founding member"), required=False)
    detail = forms.CharField(
        label=gettext_lazy("Detail"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_joined(self) -> PlanDate:
        try:
            return PlanDate.parse(self.cleaned_data["joined"], allow_qualifier=False)
        except PlanDateError as problem:
            raise forms.ValidationError(str(problem)) from None


class GoalForm(TranslationsModelForm[Goal]):
    translated_fields = ("title",)

    class Meta:
        model = Goal
        fields = [name for name in GOAL_FIELDS if name != "translations"]


class ObjectiveForm(TranslationsModelForm[Objective]):
    translated_fields = ("title",)

    class Meta:
        model = Objective
        fields = [name for name in OBJECTIVE_FIELDS if name != "translations"]


class EditionForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=40)
    slug = forms.SlugField(label=gettext_lazy("Slug"), max_length=60)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[
            (kind.value, kind.label)
            for kind in (
                Edition.Kind.ROADMAP,
                Edition.Kind.SUPPLEMENT,
                Edition.Kind.RELATED_PRODUCT,
            )
        ],
    )
    released = forms.CharField(
        label=gettext_lazy("Release date"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("2026, 2026-Q3 or 2026-09."),
    )


class FlagForm(forms.Form):
    """An agency's problem with an edition, about one of its missions or the whole."""

    mission_slug = forms.ChoiceField(
        label=gettext_lazy("Mission"), required=False, choices=[]
    )
    body = forms.CharField(
        label=gettext_lazy("Problem"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, missions: list[dict[str, Any]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mission_slug"]
        assert isinstance(field, forms.ChoiceField)
        # The agency's own missions, by name: nobody has to know a slug.
        field.choices = [
            ("", gettext_lazy("The edition as a whole")),
            *sorted(
                ((m["slug"], m.get("name") or m["slug"]) for m in missions or []),
                key=lambda choice: str(choice[1]).lower(),
            ),
        ]


class FlagResolutionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("How it was resolved"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class PublishForm(forms.Form):
    override_reason = forms.CharField(
        label=gettext_lazy("Reason to publish despite the open flags"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy(
            "Recorded with the edition and shown to the agencies that flagged them."
        ),
    )


class ActivityFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Agency"),
        queryset=Agency.objects.order_by("code"),
        required=False,
        to_field_name="code",
    )
    since = forms.DateField(label=gettext_lazy("From"), required=False)
    until = forms.DateField(label=gettext_lazy("To"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since: dt.date | None = cleaned.get("since")
        until: dt.date | None = cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("the end date is before the start date"))
        return cleaned
