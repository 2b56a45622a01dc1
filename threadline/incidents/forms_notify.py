"""The question pages of the notification, one form per page.

Each form may be given what other pages answered (`context`), to check one answer against
another: the incident cannot be before the child was born, nor the service aware of it
before it happened. The services check the same rules again when the incident is saved.
"""

from datetime import date, datetime, time

from django import forms
from django.utils import timezone

from threadline.core.govuk_forms import GovukDateField, GovukTimeField

from .domain.eligibility import closure_problem
from .domain.notification import CriterionChoice
from .models import Category, Ethnicity, ServiceStatus, Sex, ToldParty, YesNoUnknown

MAX_NAME = 200
MAX_IDENTIFIERS = 500
MAX_LONG_TEXT = 20000  # Incident.what_happened and immediate_actions
MAX_TOLD_DETAIL = 300  # WhoWasTold.detail


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _choice_field(label, choices, required_message, **kwargs):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
        **kwargs,
    )


class StepForm(forms.Form):
    """A question page; `context` holds answers from other pages, when they are known."""

    def __init__(self, *args, context: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.context = context or {}


class FrameworkForm(StepForm):
    version = forms.ChoiceField(
        label="Which process will the incident follow?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the process the incident will follow",
            "invalid_choice": "Select the process the incident will follow",
        },
    )

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = {str(v.pk): v for v in versions}
        self.fields["version"].choices = [(str(v.pk), v.framework.name) for v in versions]
        self.hints = {str(v.pk): v.framework.description for v in versions}

    def clean_version(self):
        return self.versions[self.cleaned_data["version"]]


class OrganisationForm(StepForm):
    organisation = forms.ChoiceField(
        label="Which organisation is notifying the incident?",
        widget=forms.RadioSelect,
        help_text="It leads the record, and its nation's bank holidays set the deadlines.",
        error_messages={
            "required": "Select the organisation notifying the incident",
            "invalid_choice": "Select the organisation notifying the incident",
        },
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]

    def clean_organisation(self):
        return self.organisations[self.cleaned_data["organisation"]]


class ChildForm(StepForm):
    full_name = forms.CharField(
        label="Full name",
        max_length=MAX_NAME,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the child's full name",
            "max_length": f"The child's name must be {MAX_NAME} characters or fewer",
        },
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        label_for_errors="the child's date of birth",
        help_text="For example, 27 3 2009",
        error_messages={"required": "Enter the child's date of birth"},
    )
    identifiers = forms.CharField(
        label="Identifiers (optional)",
        required=False,
        max_length=MAX_IDENTIFIERS,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="For example, the case management system number or the police national computer number.",
        error_messages={"max_length": f"Identifiers must be {MAX_IDENTIFIERS} characters or fewer"},
    )

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError("Enter the child's full name")
        return name

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born is None:
            raise forms.ValidationError("Enter the child's date of birth")
        today = self.context.get("today") or timezone.localdate()
        if born > today:
            raise forms.ValidationError("The child's date of birth must be in the past")
        if born.year < 1900:
            raise forms.ValidationError("The child's date of birth must be a real date after 1900")
        incident_on = self.context.get("incident_on")
        if incident_on and born > incident_on:
            raise forms.ValidationError(
                f"The child's date of birth must be before the incident ({long_date(incident_on)})"
            )
        return born


class CharacteristicsForm(StepForm):
    sex = _choice_field("Sex", Sex.choices, "Select the child's sex, or ‘Not known’")
    ethnicity = _choice_field(
        "Ethnic group", Ethnicity.choices, "Select the child's ethnic group, or ‘Not known’"
    )
    care_experienced = _choice_field(
        "Is the child care experienced?",
        YesNoUnknown.choices,
        "Select whether the child is care experienced",
        help_text="Looked after now or in the past.",
    )
    placed_out_of_area = _choice_field(
        "Is the child placed out of their home area?",
        YesNoUnknown.choices,
        "Select whether the child is placed out of their home area",
    )
    disability = _choice_field(
        "Does the child have a disability?", YesNoUnknown.choices, "Select whether the child has a disability"
    )


class StatusForm(StepForm):
    status_with_service = _choice_field(
        "What was the child's status with the service at the time of the incident?",
        ServiceStatus.choices,
        "Select the child's status with the service",
    )


CLOSED_STATUSES = (ServiceStatus.CLOSED_RECENTLY, ServiceStatus.CLOSED_LONGER)


class ClosedForm(StepForm):
    case_closed_on = GovukDateField(
        label="When did the child's case close?",
        label_for_errors="the date the case closed",
        help_text="The day the order or intervention ended. For example, 14 2 2025",
        error_messages={"required": "Enter the date the case closed"},
    )

    def clean_case_closed_on(self):
        closed = self.cleaned_data["case_closed_on"]
        if closed is None:
            raise forms.ValidationError("Enter the date the case closed")
        today = self.context.get("today") or timezone.localdate()
        if closed > today:
            raise forms.ValidationError("The date the case closed must be today or in the past")
        incident_on = self.context.get("incident_on")
        if incident_on and closed > incident_on:
            raise forms.ValidationError(
                "The date the case closed must be on or before the date of the incident "
                f"({long_date(incident_on)})"
            )
        status = self.context.get("status_with_service")
        if incident_on and status:
            # The status page's answer and this date must agree (the 20-day rule).
            problem = closure_problem(
                status_with_service=status, case_closed_on=closed, incident_on=incident_on
            )
            if problem:
                raise forms.ValidationError(problem)
        return closed


def _at(day: date | None, clock: time | None) -> datetime | None:
    if day is None or clock is None:
        return None
    return timezone.make_aware(datetime.combine(day, clock))


class DatesForm(StepForm):
    occurred_on = GovukDateField(
        label="Date of the incident",
        label_for_errors="the date of the incident",
        help_text="For example, 27 3 2025",
        error_messages={"required": "Enter the date of the incident"},
    )
    occurred_time = GovukTimeField(
        label="Time of the incident",
        label_for_errors="the time of the incident",
        help_text="For example, 14:30 or 2:30pm. An approximate time is fine.",
        error_messages={"required": "Enter the time of the incident"},
    )
    aware_on = GovukDateField(
        label="Date the service became aware",
        label_for_errors="the date the service became aware",
        error_messages={"required": "Enter the date the service became aware of the incident"},
    )
    aware_time = GovukTimeField(
        label="Time the service became aware",
        label_for_errors="the time the service became aware",
        help_text="For example, 09:15",
        error_messages={"required": "Enter the time the service became aware of the incident"},
    )

    def clean_occurred_on(self):
        return self._required_date("occurred_on", "Enter the date of the incident")

    def clean_aware_on(self):
        return self._required_date("aware_on", "Enter the date the service became aware of the incident")

    def _required_date(self, name, message):
        value = self.cleaned_data[name]
        if value is None:
            raise forms.ValidationError(message)
        return value

    def clean(self):
        data = super().clean()
        now = self.context.get("now") or timezone.now()
        occurred = _at(data.get("occurred_on"), data.get("occurred_time"))
        aware = _at(data.get("aware_on"), data.get("aware_time"))
        born = self.context.get("date_of_birth")
        if occurred is not None:
            if occurred > now:
                self.add_error("occurred_on", "The date and time of the incident must be in the past")
                occurred = None
            elif born and data["occurred_on"] < born:
                self.add_error(
                    "occurred_on",
                    f"The date of the incident must be after the child's date of birth ({long_date(born)})",
                )
        if aware is not None:
            if aware > now:
                self.add_error("aware_on", "The date and time the service became aware must be in the past")
            elif occurred is not None and aware < occurred:
                self.add_error(
                    "aware_on", "The service cannot have become aware before the incident happened"
                )
        data["occurred_at"] = occurred
        data["aware_at"] = aware
        return data


class CategoryForm(StepForm):
    category = _choice_field(
        "What is the category of the incident?",
        Category.choices,
        "Select the category of the incident",
    )


class CriterionForm(StepForm):
    criterion = forms.ChoiceField(
        label="Which criterion does the incident meet?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the criterion the incident meets",
            "invalid_choice": "Select a criterion from the list",
        },
    )

    def __init__(self, *args, lists=(), **kwargs):
        """`lists`: (group, [CriterionChoice]) pairs, the lists offered, in order."""
        super().__init__(*args, **kwargs)
        self.lists = list(lists)
        self.by_pk: dict[str, tuple[object, CriterionChoice]] = {
            str(c.pk): (group, c) for group, criteria in self.lists for c in criteria
        }
        self.fields["criterion"].choices = [(pk, c.text) for pk, (_, c) in self.by_pk.items()]

    def clean_criterion(self):
        return int(self.cleaned_data["criterion"])

    def grouped_options(self) -> list[dict]:
        """Each list with its criteria as radio options, ids numbered across the lists as
        `govuk_field` numbers them (the first is the field's id, for the error summary)."""
        field = self["criterion"]
        chosen = str(field.value() or "")
        index = 0
        groups = []
        for group, criteria in self.lists:
            options = []
            for criterion in criteria:
                options.append(
                    {
                        "value": criterion.pk,
                        "label": criterion.text,
                        "id": field.auto_id if index == 0 else f"{field.auto_id}-{index}",
                        "checked": str(criterion.pk) == chosen,
                    }
                )
                index += 1
            groups.append({"group": group, "options": options})
        return groups


class WhatHappenedForm(StepForm):
    what_happened = forms.CharField(
        label="What happened?",
        max_length=MAX_LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 10, "data-autosave": "true", "spellcheck": "true"}),
        help_text="The facts as they are known now: what happened, where, and who was involved. "
        "Refer to the child by their role, not their name.",
        error_messages={
            "required": "Enter what happened",
            "max_length": f"What happened must be {MAX_LONG_TEXT:,} characters or fewer",
        },
    )
    immediate_actions = forms.CharField(
        label="What has been done to keep people safe?",
        max_length=MAX_LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 8, "data-autosave": "true", "spellcheck": "true"}),
        help_text="The immediate actions taken for the child, other children and the public.",
        error_messages={
            "required": "Enter what has been done to keep people safe",
            "max_length": "What has been done to keep people safe must be "
            f"{MAX_LONG_TEXT:,} characters or fewer",
        },
    )


NOBODY = "nobody"
TOLD_PARTIES = list(ToldParty.choices)
TOLD_PHRASES = {
    ToldParty.POLICE: "the police were",
    ToldParty.NATIONAL_BODY: "the national body was",
    ToldParty.PANEL: "the Panel was",
    ToldParty.INSPECTORATE: "the inspectorate was",
    ToldParty.CHILD_PROTECTION_COMMITTEE: "the child protection committee was",
    ToldParty.OTHER: "they were",
}


class ToldForm(StepForm):
    """Who else was told, each with a date (conditional reveals); or nobody yet."""

    told = forms.MultipleChoiceField(
        label="Who else has been told about the incident?",
        choices=[*TOLD_PARTIES, (NOBODY, "No one else has been told yet")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={
            "required": "Select who else has been told, or ‘No one else has been told yet’",
            "invalid_choice": "Select who else has been told from the list",
        },
    )
    other_detail = forms.CharField(
        label="Who else was told",
        required=False,
        max_length=MAX_TOLD_DETAIL,
        error_messages={"max_length": f"Who else was told must be {MAX_TOLD_DETAIL} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for party, _label in TOLD_PARTIES:
            self.fields[self.date_field(party)] = GovukDateField(
                label=f"Date {TOLD_PHRASES[party]} told",
                label_for_errors="the date they were told",
                required=False,
                help_text="For example, 28 3 2025",
            )

    @staticmethod
    def date_field(party: str) -> str:
        return f"{party.replace('-', '_')}_on"

    def _option(self, index: int, value: str, label: str) -> dict:
        field = self["told"]
        chosen = field.value() or []
        return {
            "value": value,
            "label": label,
            "id": field.auto_id if index == 0 else f"{field.auto_id}-{index}",
            "checked": value in chosen,
        }

    def party_fields(self):
        """Each party as a checkbox, with the fields revealed when it is ticked."""
        return [
            {
                **self._option(index, party, label),
                "date": self[self.date_field(party)],
                "detail": self["other_detail"] if party == ToldParty.OTHER else None,
            }
            for index, (party, label) in enumerate(TOLD_PARTIES)
        ]

    def nobody_option(self):
        return self._option(len(TOLD_PARTIES), NOBODY, "No one else has been told yet")

    def clean(self):
        data = super().clean()
        chosen = data.get("told") or []
        if NOBODY in chosen and len(chosen) > 1:
            self.add_error(
                "told", "Select who else has been told, or ‘No one else has been told yet’, not both"
            )
            data["entries"] = []
            return data
        if ToldParty.OTHER not in chosen:
            self._errors.pop("other_detail", None)
        today = self.context.get("today") or timezone.localdate()
        incident_on = self.context.get("incident_on")
        entries = []
        for party, _label in TOLD_PARTIES:
            name = self.date_field(party)
            if party not in chosen:
                self._errors.pop(name, None)  # typed in a reveal, then unticked: not an answer
                continue
            detail = ""
            if party == ToldParty.OTHER:
                detail = (data.get("other_detail") or "").strip()
                if not detail and "other_detail" not in self.errors:
                    self.add_error("other_detail", "Enter who else was told")
            on = data.get(name)
            if name in self.errors:
                continue
            if on is None:
                self.add_error(name, f"Enter the date {TOLD_PHRASES[party]} told")
            elif on > today:
                self.add_error(name, "The date they were told must be today or in the past")
            elif incident_on and on < incident_on:
                self.add_error(
                    name,
                    f"The date they were told must be on or after the incident ({long_date(incident_on)})",
                )
            elif party != ToldParty.OTHER or detail:
                entries.append((party, on, detail))
        data["entries"] = entries
        return data
