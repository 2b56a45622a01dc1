"""Forms of the incident pages: the list's filters, eligibility, the clock, merging."""

from django import forms
from django.utils import timezone

from threadline.core.govuk_forms import GovukDateField

from .models import IncidentStatus

MAX_RATIONALE = 5000
MAX_PAUSE_REASON = 500  # ClockPause.reason
MAX_DELAY_REASON = 1000  # DeadlineDelay.reason

SORTS = {
    "reference": "Reference",
    "occurred": "Incident date",
    "notified": "Notified",
    "next-due": "Next deadline",
}


def _required_date(label: str, message: str, **kwargs) -> GovukDateField:
    return GovukDateField(
        label=label,
        label_for_errors=kwargs.pop("label_for_errors", "the date"),
        error_messages={"required": message},
        **kwargs,
    )


class IncidentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *IncidentStatus.choices]
    )
    stage = forms.ChoiceField(label="Next deadline", required=False)
    criterion = forms.ChoiceField(label="Criterion", required=False)
    overdue = forms.BooleanField(label="Only incidents with an overdue deadline", required=False)
    sort = forms.ChoiceField(required=False, choices=list(SORTS.items()))
    order = forms.ChoiceField(required=False, choices=[("asc", "Ascending"), ("desc", "Descending")])

    def __init__(self, *args, stages=(), criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", "Any stage"), *((name, name) for name in stages)]
        self.fields["criterion"].choices = [
            ("", "Any criterion"),
            *((str(pk), text if len(text) <= 70 else text[:69] + "…") for pk, text in criteria),
        ]

    def value(self, name: str, default=""):
        """A filter's value, or `default` when it is not given or not one of the choices."""
        if not self.is_bound:
            return default
        self.is_valid()
        return self.cleaned_data.get(name) or default


class EligibilityOverrideForm(forms.Form):
    eligible = forms.ChoiceField(
        label="Is the incident eligible for a review?",
        choices=[("yes", "Yes, it is eligible"), ("no", "No, it is not eligible")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the incident is eligible for a review"},
    )
    rationale = forms.CharField(
        label="Rationale",
        max_length=MAX_RATIONALE,
        widget=forms.Textarea(attrs={"rows": 8, "data-autosave": "true", "spellcheck": "true"}),
        help_text="Why you decided this. It is kept with the incident and in the audit log.",
        error_messages={
            "required": "Enter the rationale for your decision",
            "max_length": f"The rationale must be {MAX_RATIONALE:,} characters or fewer",
        },
    )


class StageCompleteForm(forms.Form):
    done_on = _required_date(
        "When was it completed?",
        "Enter the date it was completed",
        label_for_errors="the date it was completed",
        help_text="For example, 14 3 2025",
    )

    def clean_done_on(self):
        done = self.cleaned_data["done_on"]
        if done and done > timezone.localdate():
            raise forms.ValidationError("The date it was completed must be today or in the past")
        return done


EVENT_CHOICES = [
    ("decision", "The decision to review"),
    ("publication-planned", "The planned publication date"),
]


class EventForm(forms.Form):
    event = forms.ChoiceField(
        label="Which date are you recording?",
        choices=EVENT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which date you are recording"},
    )
    on = _required_date(
        "Date",
        "Enter the date",
        help_text="A planned publication date can be in the future. For example, 30 9 2025",
    )


class PauseForm(forms.Form):
    reason = forms.CharField(
        label="Why is the clock paused?",
        max_length=MAX_PAUSE_REASON,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "true"}),
        help_text="For example, criminal proceedings or an inquest. It is reported to the governing body.",
        error_messages={
            "required": "Enter why the clock is paused",
            "max_length": f"The reason must be {MAX_PAUSE_REASON} characters or fewer",
        },
    )
    started_on = _required_date(
        "From when?",
        "Enter the date the clock stopped",
        label_for_errors="the date the clock stopped",
        help_text="For example, 3 4 2025",
    )


class ResumeForm(forms.Form):
    ended_on = _required_date(
        "When does the clock start again?",
        "Enter the date the clock starts again",
        label_for_errors="the date the clock starts again",
        help_text="The first day it counts again. For example, 2 6 2025",
    )


class DelayForm(forms.Form):
    revised_due = _required_date(
        "Revised date",
        "Enter the revised date",
        label_for_errors="the revised date",
        help_text="The original date stays on record. For example, 30 9 2025",
    )
    reason = forms.CharField(
        label="Reason for the delay",
        max_length=MAX_DELAY_REASON,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "true"}),
        help_text="It is shown wherever the deadline is and reported to the governing body.",
        error_messages={
            "required": "Enter the reason for the delay",
            "max_length": f"The reason must be {MAX_DELAY_REASON:,} characters or fewer",
        },
    )


def _reference_field(label: str, required: str, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
        error_messages={"required": required, "max_length": "A reference is 20 characters or fewer"},
        **kwargs,
    )


class _ReferenceForm(forms.Form):
    """One incident's reference, found with `find` (a reference -> an incident the person can
    see, or None)."""

    def __init__(self, *args, find=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.find = find

    def _incident(self, name):
        reference = " ".join(self.cleaned_data[name].split()).upper()
        incident = self.find(reference) if self.find else None
        if incident is None:
            raise forms.ValidationError(f"There is no incident with the reference {reference}")
        return incident


class MergeStartForm(_ReferenceForm):
    """From the incident list: which incident is the duplicate (merging starts from it)."""

    duplicate = _reference_field(
        "Reference of the duplicate",
        "Enter the reference of the duplicate",
        help_text="The incident notified a second time, for example TL-2025-00012.",
    )

    def clean_duplicate(self):
        return self._incident("duplicate")


class MergeForm(_ReferenceForm):
    """On the duplicate's page: the incident it is merged into, the one that stays."""

    into = _reference_field(
        "Reference of the incident that stays",
        "Enter the reference of the incident that stays",
        help_text="For example, TL-2025-00012. It must be about the same child.",
    )

    def clean_into(self):
        return self._incident("into")
