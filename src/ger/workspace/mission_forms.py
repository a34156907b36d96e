"""The mission form: every field of a mission, read and written as its state."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ger.objectives.models import Objective
from ger.plandates import PlanDate, PlanDateError
from ger.plans.models import Capability, Destination, Mission
from ger.plans.services import (
    PLAN_AND_OUTCOME_FIELDS,
    STATE_FIELDS,
    MissionInputError,
)
from ger.registry.models import Agency

LINES_HELP = gettext_lazy("One per line.")
# A new mission form shows this many empty partner rows; a form has at most MAX.
SPARE_PARTNER_ROWS = 3
MAX_PARTNER_ROWS = 60


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class MissionForm(forms.Form):
    """Add or change a mission; ``to_state`` returns what the services take."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    slug = forms.SlugField(label=gettext_lazy("Slug"), max_length=80)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    aliases = forms.CharField(
        label=gettext_lazy("Other names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=LINES_HELP,
    )
    lead = forms.ChoiceField(label=gettext_lazy("Lead agency"))
    # Filled from the partner rows (partner_agency_N, partner_role_N, …) by clean().
    partners = forms.CharField(
        label=gettext_lazy("Partners"), required=False, widget=forms.HiddenInput
    )
    destination = forms.ChoiceField(label=gettext_lazy("Destination"))
    crewed = forms.BooleanField(label=gettext_lazy("Crewed"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Mission.Kind.choices)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=Mission.Status.choices
    )
    confidence = forms.ChoiceField(
        label=gettext_lazy("Confidence"), choices=Mission.Confidence.choices
    )
    planned_launch = forms.CharField(
        label=gettext_lazy("Planned launch"),
        required=False,
        max_length=20,
        help_text=gettext_lazy(
            "2025, 2025-Q3, 2025-05 or 2025-05-17; NET or NLT first."
        ),
    )
    planned_launch_note = forms.CharField(
        label=gettext_lazy("Plan as stated"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    actual_launch = forms.CharField(
        label=gettext_lazy("Actual launch"), required=False, max_length=20
    )
    ended = forms.CharField(label=gettext_lazy("Ended"), required=False, max_length=20)
    outcome_note = forms.CharField(
        label=gettext_lazy("Outcome"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    duration_days = forms.IntegerField(
        label=gettext_lazy("Planned duration (days)"), required=False, min_value=0
    )
    cospar_id = forms.CharField(
        label=gettext_lazy("COSPAR id"), required=False, max_length=20
    )
    site_name = forms.CharField(
        label=gettext_lazy("Landing site"), required=False, max_length=200
    )
    site_latitude = forms.FloatField(
        label=gettext_lazy("Site latitude"),
        required=False,
        min_value=-90,
        max_value=90,
    )
    site_longitude = forms.FloatField(
        label=gettext_lazy("Site longitude"),
        required=False,
        min_value=-180,
        max_value=180,
    )
    site_kind = forms.ChoiceField(
        label=gettext_lazy("Site kind"),
        required=False,
        choices=[("", "—"), *Mission.SiteKind.choices],
    )
    site_uncertain = forms.BooleanField(
        label=gettext_lazy("Site uncertain"), required=False
    )
    site_note = forms.CharField(
        label=gettext_lazy("Site note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    objectives = forms.MultipleChoiceField(
        label=gettext_lazy("Objectives addressed"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    provides = forms.MultipleChoiceField(
        label=gettext_lazy("Capabilities provided"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs = forms.MultipleChoiceField(
        label=gettext_lazy("Capabilities needed"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=gettext_lazy("Description (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    uncertain = forms.BooleanField(label=gettext_lazy("Uncertain"), required=False)
    uncertain_note = forms.CharField(
        label=gettext_lazy("Why uncertain"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    sources = forms.CharField(
        label=gettext_lazy("Sources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One URL (or title) per line."),
    )

    def __init__(self, *args: Any, fixed_lead: Agency | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        agencies = [
            (code, f"{code} — {name}")
            for code, name in Agency.objects.order_by("code").values_list(
                "code", "name"
            )
        ]
        lead_field = self.fields["lead"]
        assert isinstance(lead_field, forms.ChoiceField)
        lead_field.choices = agencies
        if fixed_lead is not None:
            # Editors never hand a mission to another agency: the lead is fixed.
            lead_field.choices = [(fixed_lead.code, f"{fixed_lead}")]
            lead_field.initial = fixed_lead.code
            lead_field.disabled = True
        self._add_partner_rows(agencies)
        self._set_choices(
            "destination",
            [(d.slug, str(d)) for d in Destination.objects.order_by("position")],
        )
        self._set_choices(
            "objectives",
            [(o.code, f"{o.code} {o.title}") for o in Objective.objects.all()],
        )
        capabilities = [(c.code, c.name) for c in Capability.objects.all()]
        self._set_choices("provides", capabilities)
        self._set_choices("needs", capabilities)

    # The form in sections, each with the fields it shows; "partners" is the rows.
    SECTIONS = (
        (
            "identity",
            gettext_lazy("The mission"),
            ("name", "slug", "aliases", "lead", "destination", "crewed", "kind"),
        ),
        ("partners", gettext_lazy("Partners"), ("partners",)),
        (
            "plan",
            gettext_lazy("Plan and status"),
            PLAN_AND_OUTCOME_FIELDS,
        ),
        (
            "site",
            gettext_lazy("Landing site"),
            (
                "site_name",
                "site_latitude",
                "site_longitude",
                "site_kind",
                "site_uncertain",
                "site_note",
                "cospar_id",
            ),
        ),
        ("objectives", gettext_lazy("Objectives addressed"), ("objectives",)),
        (
            "capabilities",
            gettext_lazy("Capabilities"),
            ("provides", "needs"),
        ),
        (
            "text",
            gettext_lazy("Description and sources"),
            ("description", "notes", "uncertain", "uncertain_note", "sources"),
        ),
    )

    def sections(self) -> list[dict[str, Any]]:
        """Return the form's sections with their bound fields and whether they err."""
        found = []
        for key, title, names in self.SECTIONS:
            fields = [self[name] for name in names if name != "partners"]
            errors = any(field.errors for field in fields)
            if key == "partners":
                errors = bool(self["partners"].errors) or any(
                    field.errors for row in self.partner_rows() for field in row
                )
            found.append(
                {"key": key, "title": title, "fields": fields, "has_errors": errors}
            )
        return found

    def _partner_row_count(self) -> int:
        if self.is_bound:
            numbers = [
                int(key.rsplit("_", 1)[1])
                for key in self.data
                if key.startswith(("partner_agency_", "partner_role_"))
                and key.rsplit("_", 1)[1].isdigit()
            ]
            return min(max(numbers, default=-1) + 1, MAX_PARTNER_ROWS)
        given = sum(1 for key in self.initial if key.startswith("partner_agency_"))
        return min(given + SPARE_PARTNER_ROWS, MAX_PARTNER_ROWS)

    def _add_partner_rows(self, agencies: list[tuple[str, str]]) -> None:
        """Add one row of fields per partner: agency (by name), role, uncertain."""
        for number in range(self._partner_row_count()):
            self.fields[f"partner_agency_{number}"] = forms.ChoiceField(
                label=_("Partner %(number)d: agency") % {"number": number + 1},
                required=False,
                choices=[("", "—"), *agencies],
            )
            self.fields[f"partner_role_{number}"] = forms.CharField(
                label=_("Partner %(number)d: role") % {"number": number + 1},
                required=False,
                max_length=500,
            )
            self.fields[f"partner_uncertain_{number}"] = forms.BooleanField(
                label=_("Partner %(number)d: uncertain") % {"number": number + 1},
                required=False,
            )

    def partner_rows(self) -> list[tuple[forms.BoundField, ...]]:
        """Return the bound fields of each partner row, for the template."""
        return [
            (
                self[f"partner_agency_{number}"],
                self[f"partner_role_{number}"],
                self[f"partner_uncertain_{number}"],
            )
            for number in range(self._partner_row_count())
        ]

    def _set_choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    @classmethod
    def initial_from_state(cls, state: dict[str, Any], version: int) -> dict[str, Any]:
        """Return form initial data for a mission state."""
        initial = {
            name: value for name, value in state.items() if name in cls.base_fields
        }
        initial["aliases"] = "\n".join(state.get("aliases", []))
        initial["sources"] = "\n".join(state.get("sources", []))
        initial.pop("partners", None)
        for number, partner in enumerate(state.get("partners", [])):
            initial[f"partner_agency_{number}"] = partner["agency"]
            initial[f"partner_role_{number}"] = partner.get("role", "")
            initial[f"partner_uncertain_{number}"] = bool(partner.get("uncertain"))
        for name in ("planned_launch", "actual_launch", "ended"):
            initial[name] = state.get(name) or ""
        initial["version"] = version
        return initial

    def _clean_date(self, name: str, allow_qualifier: bool) -> str | None:
        text = str(self.cleaned_data.get(name) or "").strip()
        if not text:
            return None
        try:
            return str(PlanDate.parse(text.upper(), allow_qualifier))
        except PlanDateError as problem:
            raise forms.ValidationError(str(problem)) from None

    def clean_planned_launch(self) -> str | None:
        return self._clean_date("planned_launch", True)

    def clean_actual_launch(self) -> str | None:
        return self._clean_date("actual_launch", False)

    def clean_ended(self) -> str | None:
        return self._clean_date("ended", False)

    def _collect_partners(self) -> list[dict[str, Any]]:
        """Return the partner rows as the service's partner list (by agency code)."""
        partners: dict[str, dict[str, Any]] = {}
        for number in range(self._partner_row_count()):
            code = self.cleaned_data.get(f"partner_agency_{number}") or ""
            role = str(self.cleaned_data.get(f"partner_role_{number}") or "").strip()
            if not code:
                if role:
                    self.add_error(
                        f"partner_agency_{number}", _("choose the partner agency")
                    )
                continue
            if code in partners:
                self.add_error(
                    f"partner_agency_{number}",
                    _("%(code)s is listed twice") % {"code": code},
                )
                continue
            partners[code] = {
                "agency": code,
                "role": role,
                "uncertain": bool(self.cleaned_data.get(f"partner_uncertain_{number}")),
            }
        return [partners[code] for code in sorted(partners)]

    def clean_aliases(self) -> list[str]:
        return _lines(self.cleaned_data["aliases"])

    def clean_sources(self) -> list[str]:
        return list(dict.fromkeys(_lines(self.cleaned_data["sources"])))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The rows are cleaned after the hidden "partners" field: gather them here.
        cleaned["partners"] = partners = self._collect_partners()
        lead = cleaned.get("lead")
        if lead and any(p["agency"] == lead for p in partners):
            self.add_error("partners", _("the lead agency cannot also be a partner"))
        return cleaned

    def to_state(self) -> dict[str, Any]:
        """Return the cleaned data as a mission state."""
        data = self.cleaned_data
        state = {name: data.get(name) for name in STATE_FIELDS}
        for name, value in state.items():
            if isinstance(value, str):
                # Browsers send CRLF line breaks; the stored text uses LF.
                state[name] = value.replace("\r\n", "\n")
        for name in ("objectives", "provides", "needs"):
            state[name] = sorted(data.get(name) or [])
        for name in ("site_latitude", "site_longitude", "duration_days"):
            if state[name] == "":
                state[name] = None
        return state

    def add_service_errors(self, error: MissionInputError) -> None:
        """Show the service's field errors on the fields they name."""
        for name, messages in error.errors.items():
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message if target else f"{name}: {message}")


class PartnershipForm(forms.Form):
    """A partner agency's own part in a mission."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    role = forms.CharField(
        label=gettext_lazy("Role"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    uncertain = forms.BooleanField(label=gettext_lazy("Uncertain"), required=False)


class VersionForm(forms.Form):
    """Only the version a change started from (delete confirmations)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
