import re

from django import forms

from threadline.core.models import Role

from .domain.rules import (
    EVENTS,
    KIND_LABELS,
    LIMITS,
    ROLES_THAT_CANNOT_COMPLETE,
    STAGE_EVENT_PREFIX,
    StageDraft,
    stage_problems,
    to_key,
)

NO_DEADLINE = "none"
WHOLE_NUMBER = re.compile(r"^-?\d+$")


def _roles_that_complete():
    return [(value, label) for value, label in Role.choices if value not in ROLES_THAT_CANNOT_COMPLETE]


class StageForm(forms.Form):
    """A stage of a draft version. The rules are checked by domain.rules, as the service does."""

    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={
            "required": "Enter the stage's name",
            "max_length": "The stage's name must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="What happens at this stage (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "true"}),
        error_messages={"max_length": "What happens at this stage must be 5,000 characters or fewer"},
    )
    records = forms.CharField(
        label="What the stage records (optional)",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
        help_text="One on each line, for example: decision, rationale, attendees.",
        error_messages={"max_length": "What the stage records must be 3,000 characters or fewer"},
    )
    completed_by = forms.MultipleChoiceField(
        label="Who completes the stage",
        choices=_roles_that_complete,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={
            "required": "Select who completes the stage",
            "invalid_choice": "Select who completes the stage from the list",
        },
    )
    deadline_kind = forms.ChoiceField(
        label="How the deadline is counted",
        choices=[(NO_DEADLINE, "No deadline"), *KIND_LABELS.items()],
        widget=forms.RadioSelect,
        help_text="Working days skip weekends and the bank holidays of the lead organisation's nation.",
        error_messages={
            "required": "Select how the deadline is counted",
            "invalid_choice": "Select how the deadline is counted from the list",
        },
    )
    deadline_n = forms.CharField(
        label="Number of days or months",
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        help_text=(
            f"Up to {LIMITS['working_days_after'][0]} working days, {LIMITS['calendar_days_after'][0]} "
            f"calendar days or {LIMITS['calendar_months_after'][0]} months."
        ),
        error_messages={"max_length": "Enter the number as a whole number, like 10"},
    )
    outer_limit_n = forms.CharField(
        label="Outer limit (optional)",
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        help_text=(
            "For a timescale given as a range, like six to nine months: the latest, in the same unit. "
            "Leave it empty if there is none."
        ),
        error_messages={"max_length": "Enter the outer limit as a whole number, like 9"},
    )
    runs_from = forms.ChoiceField(
        label="The deadline runs from",
        choices=[],
        error_messages={
            "required": "Select what the stage runs from",
            "invalid_choice": "Select an event or an earlier stage from the list",
        },
    )
    optional = forms.BooleanField(
        label="Only done if the review decides so",
        required=False,
        help_text="For example a full review after the initial one.",
    )
    source = forms.CharField(
        label="Source (optional)",
        required=False,
        max_length=200,
        help_text="Where the guidance says so, for example: seed 000 §7.3.",
        error_messages={"max_length": "The source must be 200 characters or fewer"},
    )

    def __init__(self, *args, earlier_stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.earlier_keys = [stage.key for stage in earlier_stages]
        self.fields["runs_from"].choices = [
            *((event.key, event.label) for event in EVENTS),
            *((f"{STAGE_EVENT_PREFIX}{s.key}", f"‘{s.name}’ being completed") for s in earlier_stages),
        ]

    @classmethod
    def initial_for(cls, stage) -> dict:
        rule = stage.deadline_rule or {}
        outer = stage.outer_limit_rule or {}
        return {
            "name": stage.name,
            "description": stage.description,
            "records": "\n".join(stage.records),
            "completed_by": list(stage.completed_by),
            "deadline_kind": rule.get("kind", NO_DEADLINE),
            "deadline_n": rule.get("n", ""),
            "outer_limit_n": outer.get("n", ""),
            "runs_from": stage.runs_from,
            "optional": stage.optional,
            "source": stage.source,
        }

    def _whole_number(self, name: str, what: str):
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return None
        if not WHOLE_NUMBER.match(value):
            raise forms.ValidationError(f"Enter {what} as a whole number, like 10")
        return int(value)

    def clean_deadline_n(self):
        return self._whole_number("deadline_n", "the number of days or months")

    def clean_outer_limit_n(self):
        return self._whole_number("outer_limit_n", "the outer limit")

    def clean_deadline_kind(self):
        kind = self.cleaned_data["deadline_kind"]
        return "" if kind == NO_DEADLINE else kind

    def clean_records(self):
        records = []
        for line in self.cleaned_data.get("records", "").splitlines():
            key = to_key(line)
            if key and key not in records:
                records.append(key)
        return records

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("deadline_kind") == "":
            # "No deadline": any number typed belongs to no deadline, so it is ignored.
            cleaned["deadline_n"] = cleaned["outer_limit_n"] = None
            for name in ("deadline_n", "outer_limit_n"):
                self.errors.pop(name, None)
        # Fields already in error are checked with what is left, and keep their own message.
        draft = StageDraft(
            name=cleaned.get("name", ""),
            completed_by=cleaned.get("completed_by", []),
            runs_from=cleaned.get("runs_from", ""),
            deadline_kind=cleaned.get("deadline_kind", ""),
            deadline_n=cleaned.get("deadline_n"),
            outer_limit_n=cleaned.get("outer_limit_n"),
            records=cleaned.get("records", []),
        )
        for field, message in stage_problems(
            draft, earlier_stage_keys=self.earlier_keys, known_roles=Role.values
        ):
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "name",
                "description",
                "records",
                "completed_by",
                "deadline_kind",
                "deadline_n",
                "outer_limit_n",
                "runs_from",
                "optional",
                "source",
            )
        }


class PublishForm(forms.Form):
    notes = forms.CharField(
        label="What this version changes (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "true"}),
        help_text="People see this on the version's page.",
        error_messages={"max_length": "What this version changes must be 5,000 characters or fewer"},
    )
    retire_others = forms.BooleanField(
        label="Stop new reviews starting on the versions published before",
        required=False,
        help_text="Reviews already on them carry on with them unchanged.",
    )


def add_rule_problems(form: forms.Form, error) -> None:
    """Put each problem a service found next to its field, or at the top of the form."""
    for field, message in getattr(error, "problems", [(getattr(error, "field", None), str(error))]):
        target = field if field in form.fields else None
        if target is not None and target in form.errors:
            continue
        form.add_error(target, message)
