"""Forms of the governance pages; the rules (which board takes what, the dates, what a sign-off
needs) are the service's."""

from django import forms

from threadline.core.govuk_forms import GovukDateField

from .domain import governance as rules
from .models import SubmissionOutcome

DATE_HINT = "For example, 27 3 2025"


class SubmissionForm(forms.Form):
    subject = forms.ChoiceField(
        label="What is going to the board?",
        required=False,
        widget=forms.RadioSelect,
    )
    boards = forms.MultipleChoiceField(
        label="Which boards is it going to?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each goes on the governance page as its own submission, awaiting that board.",
    )
    submitted_on = GovukDateField(
        label="When was it submitted?",
        required=False,
        help_text=DATE_HINT,
        label_for_errors="the date it was submitted",
    )
    meeting = forms.ChoiceField(label="At which board meeting? (optional)", required=False)
    summary = forms.CharField(
        label="Summary (optional)",
        required=False,
        max_length=rules.MAX_SUMMARY,
        help_text="What was sent, for example the version of the report. Do not name the child.",
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "true"}),
        error_messages={"max_length": f"The summary must be {rules.MAX_SUMMARY:,} characters or fewer"},
    )

    def __init__(self, *args, governance: rules.Governance, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.governance = governance
        self.meetings = {str(m.pk): m for m in meetings}
        self.fields["subject"].choices = [(s.key, s.label) for s in governance.subjects]
        self.fields["boards"].choices = [(b.key, b.label) for b in governance.boards]
        self.fields["meeting"].choices = [("", "Not at a meeting recorded here")] + [
            (key, str(meeting)) for key, meeting in self.meetings.items()
        ]
        if not self.meetings:
            self.fields["meeting"].help_text = (
                "No governance board meeting of this review is recorded. Add one on the meetings page "
                "to link it."
            )

    def subject_items(self) -> list[dict]:
        """The subject radios, each with a hint naming the boards it goes to."""
        field = self["subject"]
        chosen = str(field.value() or "")
        items = []
        for index, subject in enumerate(self.governance.subjects):
            boards = [self.governance.board(key) for key in subject.boards]
            items.append(
                {
                    "value": subject.key,
                    "label": subject.label,
                    "hint": f"Goes to {rules.names_of(boards)}",
                    "id": field.auto_id if index == 0 else f"{field.auto_id}-{index}",
                    "selected": subject.key == chosen,
                }
            )
        return items

    def chosen_meeting(self):
        return self.meetings.get(self.cleaned_data.get("meeting") or "")


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What did the board do?",
        required=False,
        widget=forms.RadioSelect,
        choices=[
            (SubmissionOutcome.SIGNED_OFF.value, "Signed it off"),
            (SubmissionOutcome.RETURNED.value, "Returned it for changes"),
            (SubmissionOutcome.NOTED.value, "Noted it"),
        ],
    )
    outcome_on = GovukDateField(
        label="On what date?",
        required=False,
        help_text=DATE_HINT,
        label_for_errors="the date of the board's outcome",
    )
    signed_off_by = forms.CharField(
        label="Who signed it off? (if signed off)",
        required=False,
        max_length=rules.MAX_SIGNED_OFF_BY,
        help_text="Name and role, for example Cllr Ann Hughes, chair of the board",
        error_messages={
            "max_length": f"Who signed it off must be {rules.MAX_SIGNED_OFF_BY} characters or fewer"
        },
    )
    comments = forms.CharField(
        label="The board's comments (if returned, what to change)",
        required=False,
        max_length=rules.MAX_COMMENTS,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "true"}),
        error_messages={"max_length": f"The comments must be {rules.MAX_COMMENTS:,} characters or fewer"},
    )
