"""Forms of the review team pages; the rules are the service's, which names every problem."""

from django import forms

from threadline.core.govuk_forms import GovukDateField

from .models import Independence, TeamRole
from .selectors import team as team_selectors
from .services.team import MAX_INVOLVEMENT, MAX_NAME, MAX_TEXT


def _textarea(label: str, *, hint: str = "", limit: int = MAX_TEXT, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=limit,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows, "spellcheck": "true"}),
        error_messages={"max_length": f"{label} must be {limit:,} characters or fewer"},
    )


def _organisation(label: str, hint: str, empty: str, invalid: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=team_selectors.organisations_to_choose(),
        required=False,
        empty_label=empty,
        help_text=hint,
        error_messages={"invalid_choice": invalid},
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} ({obj.email})"


class InvolvedAgencyForm(forms.Form):
    organisation = _organisation(
        "Agency",
        "An organisation that worked with the child or family. Its people are not independent "
        "reviewers of the case.",
        "Choose an agency",
        "Choose the agency involved with the child",
    )
    involvement = _textarea(
        "Their involvement (optional)",
        hint="What their contact with the child or family was, in a sentence or two",
        limit=MAX_INVOLVEMENT,
        rows=3,
    )


class TeamMemberAddForm(forms.Form):
    role = forms.ChoiceField(
        label="Their role on the team",
        choices=TeamRole.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    person = PersonChoiceField(
        label="Threadline person",
        queryset=None,
        required=False,
        empty_label="Choose a person",
        help_text="Their name and email address come from their account",
        error_messages={"invalid_choice": "Choose someone from the list"},
    )
    name = forms.CharField(
        label="Full name",
        required=False,
        max_length=MAX_NAME,
        error_messages={"max_length": f"Their name must be {MAX_NAME} characters or fewer"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    email = forms.CharField(
        label="Email address",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"max_length": "Their email address must be 254 characters or fewer"},
    )
    job_title = forms.CharField(
        label="Job title (optional)",
        required=False,
        max_length=MAX_NAME,
        error_messages={"max_length": f"Their job title must be {MAX_NAME} characters or fewer"},
    )
    organisation = _organisation(
        "Organisation they represent",
        "Required for someone without a Threadline account, or a person who belongs to more "
        "than one organisation",
        "Choose an organisation",
        "Choose the organisation they represent",
    )
    line_managed_case = forms.BooleanField(
        label="They line-managed the practitioners or the case under review",
        required=False,
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = team_selectors.team_candidates(review)


class DeclareForm(forms.Form):
    independence = forms.ChoiceField(
        label="Their declaration",
        choices=[
            (
                Independence.INDEPENDENT.value,
                "Independent of the case: no real or perceived conflict of interest",
            ),
            (Independence.CONFLICT.value, "Has a real or perceived conflict of interest"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    declaration = _textarea(
        "The declaration, in their words",
        hint="For a conflict of interest, what it is: for example, their agency's involvement with "
        "the child or family, or their part in the case",
        rows=5,
    )
    declared_on = GovukDateField(
        label="Date of the declaration",
        required=False,
        help_text="Leave blank for today. For example, 27 3 2025",
        label_for_errors="the date of the declaration",
    )
    line_managed_case = forms.BooleanField(
        label="They line-managed the practitioners or the case under review",
        required=False,
    )


class ConflictHandlingForm(forms.Form):
    handling = _textarea(
        "How is the conflict of interest handled?",
        hint="For example, they stay on the team but take no part in analysing their own agency's "
        "practice, or they step down and are replaced",
        rows=6,
    )


class TeamMemberRemoveForm(forms.Form):
    reason = _textarea(
        "Why are they leaving the team?",
        hint="It is kept with the team's history.",
        limit=MAX_INVOLVEMENT,
        rows=4,
    )
