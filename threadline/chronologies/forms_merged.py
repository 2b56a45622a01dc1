"""Forms of the merged chronology's pages; the rules are the services'."""

from django import forms

from threadline.core.govuk_forms import GovukDateField

from .selectors.merged import MergedFilters
from .services.analysis import MAX_DESCRIPTION, MAX_GAP_DAYS, MAX_NOTE, MAX_TITLE, MIN_GAP_DAYS

FILTER_KEYS = ("agency", "date_from_0", "date_from_1", "date_from_2", "date_to_0", "date_to_1", "date_to_2")


class MergedFilterForm(forms.Form):
    """The merged chronology's filters, sent with GET so a filtered page can be bookmarked."""

    agency = forms.TypedMultipleChoiceField(
        label="Agencies",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave them all unticked to see every agency",
        error_messages={"invalid_choice": "Choose agencies from the list"},
    )
    date_from = GovukDateField(
        label="From",
        required=False,
        help_text="For example, 1 3 2024",
        label_for_errors="the start of the period",
    )
    date_to = GovukDateField(
        label="To",
        required=False,
        help_text="For example, 31 8 2024",
        label_for_errors="the end of the period",
    )
    significant = forms.BooleanField(label="Significant entries only", required=False)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.organisation_id, a.organisation.name) for a in agencies]

    def clean(self):
        data = super().clean()
        first, last = data.get("date_from"), data.get("date_to")
        if first and last and last < first:
            self.add_error("date_to", "The end of the period must be the same as or after its start")
        return data

    def filters(self) -> MergedFilters:
        if not self.is_bound or not self.is_valid():
            return MergedFilters()
        data = self.cleaned_data
        return MergedFilters(
            organisation_ids=tuple(data["agency"]),
            date_from=data["date_from"],
            date_to=data["date_to"],
            significant_only=data["significant"],
        )


class GapDaysForm(forms.Form):
    gap_days = forms.IntegerField(
        label="How many days without contact make a gap?",
        required=False,
        help_text=f"A whole number of days from {MIN_GAP_DAYS} to {MAX_GAP_DAYS:,}. For example, 90",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={"invalid": "Enter the number of days as a whole number, like 90"},
    )


class EpisodeForm(forms.Form):
    title = forms.CharField(
        label="Title",
        required=False,
        max_length=MAX_TITLE,
        help_text="For example, Transfer from Southport: the first six weeks",
        error_messages={"max_length": f"The title must be {MAX_TITLE} characters or fewer"},
    )
    starts_on = GovukDateField(
        label="When does it start?",
        required=False,
        help_text="For example, 3 5 2024",
        label_for_errors="the date the episode starts",
    )
    ends_on = GovukDateField(
        label="When does it end?",
        required=False,
        help_text="For example, 14 6 2024",
        label_for_errors="the date the episode ends",
    )
    description = forms.CharField(
        label="Why is it a key episode? (optional)",
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "true"}),
        error_messages={"max_length": f"The description must be {MAX_DESCRIPTION:,} characters or fewer"},
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="The review’s analysis",
        required=False,
        max_length=MAX_NOTE,
        help_text="It is shown as the review’s analysis, apart from what the agency recorded",
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "true"}),
        error_messages={"max_length": f"The note must be {MAX_NOTE:,} characters or fewer"},
    )


class MatchDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("same", "Same event"), ("different", "Not the same event")],
        error_messages={
            "required": "Choose whether they are the same event",
            "invalid_choice": "Choose again",
        },
    )
