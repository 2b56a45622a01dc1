"""Forms of the parallel proceedings page; the rules are the service's."""

from django import forms

from threadline.core.govuk_forms import GovukDateField

from .models import ProceedingKind
from .services.proceedings import MAX_LIAISON, MAX_NOTE


class ProceedingStartForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of proceedings?",
        choices=ProceedingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of proceedings"},
    )
    liaison = forms.CharField(
        label="Who liaises with them?",
        required=False,
        max_length=MAX_LIAISON,
        help_text="For example, the senior investigating officer or the coroner's officer",
        error_messages={"max_length": f"The liaison must be {MAX_LIAISON} characters or fewer"},
    )
    started_on = GovukDateField(
        label="When did they start?",
        required=False,
        help_text="For example, 27 3 2025",
        label_for_errors="the date they started",
    )
    pause_clock = forms.BooleanField(
        label="Pause the review's deadlines while these proceedings run",
        required=False,
    )
    reason = forms.CharField(
        label="Why is the clock paused? (if you pause it)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "true"}),
        error_messages={"max_length": "The reason must be 500 characters or fewer"},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "true"}),
        error_messages={"max_length": f"The note must be {MAX_NOTE:,} characters or fewer"},
    )


class ProceedingEndForm(forms.Form):
    ended_on = GovukDateField(
        label="When did they end?",
        required=False,
        help_text="If they paused the clock, the deadlines run again from this date. For example, 27 3 2025",
        label_for_errors="the date they ended",
    )
