from django import forms

from .calendars import CalendarRuleError, check_extra_day
from .govuk_forms import GovukDateField
from .models import AuditAction, Nation, Organisation, OrganisationType, Role
from .models.calendars import CalendarNation


class OrganisationForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={"required": "Enter the organisation's name"},
    )
    type = forms.ChoiceField(
        label="Type of organisation",
        choices=OrganisationType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of organisation"},
    )
    nation = forms.ChoiceField(
        label="Nation",
        choices=Nation.choices,
        widget=forms.RadioSelect,
        help_text="Deadlines count working days on this nation's bank holiday calendar.",
        error_messages={"required": "Select the nation the organisation is in"},
    )
    description = forms.CharField(
        label="About the organisation",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10, "data-autosave": "true", "spellcheck": "true"}),
        help_text="Its safeguarding arrangements, governance and how it shares learning.",
        error_messages={"max_length": "About the organisation must be 20,000 characters or fewer"},
    )
    members = forms.ModelMultipleChoiceField(
        label="Member organisations",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only for a safeguarding partnership or child protection committee.",
    )

    def __init__(self, *args, editing: Organisation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        members = Organisation.objects.filter(is_active=True)
        if editing is not None:
            members = members.exclude(pk=editing.pk)
        self.fields["members"].queryset = members

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Organisation.objects.filter(name__iexact=name)
        if self.editing is not None:
            clash = clash.exclude(pk=self.editing.pk)
        if clash.exists():
            raise forms.ValidationError("An organisation with this name already exists")
        return name


class PersonForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter the person's full name"}
    )
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="Their work address. We send the link to set up their account to it.",
        error_messages={
            "required": "Enter the person's e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.gov.uk",
        },
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=200, required=False)


def _role_field(required_message: str, required: bool = True):
    return forms.MultipleChoiceField(
        label="Roles",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=required,
        help_text="Select all that apply.",
        error_messages={"required": required_message},
    )


class PersonCreateForm(PersonForm):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.filter(is_active=True),
        empty_label="Choose an organisation",
        error_messages={"required": "Select the person's organisation"},
    )
    roles = _role_field("Select at least one role")


class RolesForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.filter(is_active=True),
        empty_label="Choose an organisation",
        error_messages={"required": "Select an organisation"},
    )
    roles = _role_field("", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].help_text = (
            "Select all the roles the person holds in this organisation. Clear them all to remove "
            "the person from it."
        )


class AuditFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="A person's e-mail address, a record, a page address or an IP address.",
    )
    action = forms.ChoiceField(
        label="What happened", required=False, choices=[("", "Anything"), *AuditAction.choices]
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        required=False,
        queryset=Organisation.objects.none(),
        empty_label="Any organisation",
    )
    since = GovukDateField(
        label="From", required=False, label_for_errors="the from date", help_text="For example, 27 3 2026"
    )
    until = GovukDateField(
        label="To", required=False, label_for_errors="the to date", help_text="For example, 27 3 2026"
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", "The to date must be the same as or after the from date")
        return cleaned


class ExtraBankHolidayForm(forms.Form):
    """A one-off non-working day; the service checks it against the nation's calendar."""

    nation = forms.ChoiceField(
        label="Nation",
        choices=CalendarNation.choices,
        widget=forms.RadioSelect,
        help_text="Deadlines of organisations in this nation will not count the day.",
        error_messages={
            "required": "Select the nation whose calendar the day belongs to",
            "invalid_choice": "Select the nation whose calendar the day belongs to",
        },
    )
    date = GovukDateField(
        label="Date",
        label_for_errors="the date",
        help_text="For example, 4 6 2027",
        error_messages={"required": "Enter the date of the non-working day"},
    )
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example, Bank holiday for the state funeral",
        error_messages={
            "required": "Enter the name of the non-working day",
            "max_length": "The name must be 200 characters or fewer",
        },
    )

    def clean(self):
        cleaned = super().clean()
        nation, day = cleaned.get("nation"), cleaned.get("date")
        if nation and day:
            try:
                check_extra_day(nation, day)
            except CalendarRuleError as error:
                self.add_error("date", str(error))
        return cleaned


class DeadlineCheckForm(forms.Form):
    nation = forms.ChoiceField(
        label="Nation",
        choices=CalendarNation.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the nation whose calendar to count on",
            "invalid_choice": "Select the nation whose calendar to count on",
        },
    )
    start = GovukDateField(
        label="Start date",
        label_for_errors="the start date",
        help_text="Day 0, for example the day the incident was notified: 1 6 2027",
        error_messages={"required": "Enter the start date"},
    )
    days = forms.IntegerField(
        label="Number of working days",
        min_value=0,
        max_value=1000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the number of working days",
            "invalid": "The number of working days must be a whole number, like 10",
            "min_value": "The number of working days must be 0 or more",
            "max_value": "The number of working days must be 1,000 or fewer",
        },
    )
