"""Forms of the actions pages; the rules on dates, owners, statuses and files are the services'."""

from django import forms

from threadline.core.govuk_forms import GovukDateField
from threadline.core.uploads import accepted_hint

from .models import ActionLevel, ActionStatus, EmbedMeasureKind, EmbedMeasureShows
from .services.actions import MAX_DESCRIPTION, MAX_SUCCESS_MEASURE
from .services.measures import MAX_NAME, MAX_NOTE, MAX_RESULT
from .services.updates import MAX_TEXT


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        # Each file is judged by the service, with one set of messages.
        if isinstance(data, (list, tuple)):
            return [f for f in data if f]
        return [data] if data else []


class ActionForm(forms.Form):
    description = forms.CharField(
        label="What will be done",
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "true"}),
    )
    owner_organisation = forms.TypedChoiceField(
        label="Organisation that owns the action", required=False, coerce=int, empty_value=None
    )
    owner = forms.TypedChoiceField(
        label="Person who owns the action",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Someone who works for the owning organisation",
    )
    level = forms.ChoiceField(
        label="Level", required=False, choices=ActionLevel.choices, widget=forms.RadioSelect
    )
    due_on = GovukDateField(
        label="Due date", required=False, help_text="A working day, for example 17 4 2025"
    )
    success_measure = forms.CharField(
        label="Success measure",
        required=False,
        max_length=MAX_SUCCESS_MEASURE,
        help_text="How you will know the action has worked",
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "true"}),
    )
    check_back_on = GovukDateField(
        label="Check-back date", required=False, help_text="When to check the change has lasted"
    )

    def __init__(self, *args, organisations=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].choices = [("", "Choose an organisation")] + [
            (o.pk, o.name) for o in organisations
        ]
        self.fields["owner"].choices = [("", "Choose a person")] + [
            (p.pk, f"{p} ({org})") for org, p in people
        ]


class ActionChangeForm(ActionForm):
    """The action form with the version it was opened at, so a stale save can be caught."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class UpdateForm(forms.Form):
    text = forms.CharField(
        label="Progress made",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "true"}),
    )
    status = forms.ChoiceField(label="Status after this update", required=False)
    files = MultipleFileField(label="Evidence files (optional)", required=False)

    def __init__(self, *args, current_status="", **kwargs):
        super().__init__(*args, **kwargs)
        from .domain.actions import OWNER_MOVES

        allowed = [current_status, *sorted(OWNER_MOVES.get(current_status, ()))]
        self.fields["status"].choices = [(s, ActionStatus(s).label) for s in allowed if s]
        self.fields["status"].initial = current_status
        self.fields["files"].help_text = (
            "After a problem the chosen files are not kept, so choose them again (your text is kept). "
            + accepted_hint()
            if self.is_bound
            else accepted_hint()
        )


class CheckForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of measure", required=False, choices=EmbedMeasureKind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(label="Name of the indicator or audit", required=False, max_length=MAX_NAME)
    measured_on = GovukDateField(label="Date measured", required=False)
    result = forms.CharField(
        label="Result", required=False, max_length=MAX_RESULT, help_text="For example 92% or ‘good’"
    )
    shows = forms.ChoiceField(
        label="What does it show?",
        required=False,
        choices=EmbedMeasureShows.choices,
        widget=forms.RadioSelect,
        help_text="Your judgement, compared with practice before the action",
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "true"}),
    )
