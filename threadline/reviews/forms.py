"""Forms of the review pages. A stage's form is made from what its framework says it records
(domain.records); the rules themselves are checked by the services, which name every problem."""

from __future__ import annotations

from datetime import date

from django import forms
from django.forms.utils import ErrorDict

from threadline.core.govuk_forms import GovukDateField

from .domain.considerations import AREAS
from .domain.decisions import MAX_MAKERS, MAX_OUTCOME, MAX_TEXT, DecisionSpec
from .domain.records import FieldKind, RecordField, area_field_name

MAX_REASON = 5000


def _long_text(label: str, hint: str = "", rows: int = 5, max_length: int = MAX_TEXT) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows, "data-autosave": "true", "spellcheck": "true"}),
        error_messages={"max_length": f"{label} must be {max_length:,} characters or fewer"},
    )


def _date(label: str, hint: str = "For example, 27 3 2025") -> GovukDateField:
    return GovukDateField(label=label, required=False, help_text=hint, label_for_errors=label.lower())


def _optional(field: RecordField) -> str:
    return field.label if field.required else f"{field.label} (optional)"


class StageRecordForm(forms.Form):
    """The fields a stage records. Nothing is required to save: completing the stage checks."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)

    def __init__(self, *args, record_fields: list[RecordField], **kwargs):
        super().__init__(*args, **kwargs)
        self.record_fields = record_fields
        for field in record_fields:
            if field.kind is FieldKind.TEXT:
                self.fields[field.name] = _long_text(_optional(field), field.hint)
            elif field.kind is FieldKind.DATE:
                self.fields[field.name] = _date(_optional(field), field.hint or "For example, 27 3 2025")
            elif field.kind is FieldKind.CONSIDERATIONS:
                for area in AREAS:
                    self.fields[area_field_name(area.key)] = _long_text(area.name, area.guidance, rows=4)

    def sections(self) -> list[dict]:
        """The form's questions in page order: one per item, the nine areas as one group."""
        found = []
        for field in self.record_fields:
            if field.kind is FieldKind.CONSIDERATIONS:
                found.append(
                    {
                        "field": field,
                        "group": [self[area_field_name(area.key)] for area in AREAS],
                        "legend": _optional(field),
                    }
                )
            elif field.kind not in (FieldKind.DECISION, FieldKind.LINKED):
                found.append({"field": field, "bound": self[field.name]})
        return found

    def values(self) -> dict[str, str]:
        """The answers as the service takes them: text by field name, dates as YYYY-MM-DD."""
        values = {}
        for name, value in self.cleaned_data.items():
            if name == "base_version":
                continue
            values[name] = value.isoformat() if isinstance(value, date) else (value or "")
        return values


def form_data(record_fields: list[RecordField], values: dict[str, str], version: int) -> dict:
    """Submitted-form data showing stored values (a date as its day, month and year boxes)."""
    data: dict[str, str] = {"base_version": str(version)}
    kinds = {f.name: f.kind for f in record_fields}
    for name, value in values.items():
        if kinds.get(name) is FieldKind.DATE:
            day = date.fromisoformat(value) if value else None
            parts = [str(day.day), str(day.month), str(day.year)] if day else ["", "", ""]
            for index, part in enumerate(parts):
                data[f"{name}_{index}"] = part
        else:
            data[name] = value
    return data


def show_problems(form: forms.Form, problems) -> list[dict]:
    """Put service problems next to their fields on a form that may not have been submitted;
    returns the error summary's items, each linking to its field."""
    if form._errors is None:
        form._errors = ErrorDict()
    summary = []
    for name, message in problems:
        if name in form.fields:
            form._errors.setdefault(name, form.error_class()).append(message)
            summary.append({"text": message, "href": f"#{form[name].auto_id}"})
        else:
            summary.append({"text": message, "href": f"#{name}" if name else ""})
    return summary


class DecisionForm(forms.Form):
    def __init__(self, *args, spec: DecisionSpec, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        if spec.is_free:
            self.fields["outcome"] = forms.CharField(
                label=spec.question, required=False, max_length=MAX_OUTCOME, help_text="In a sentence."
            )
        else:
            self.fields["outcome"] = forms.ChoiceField(
                label=spec.question,
                required=False,
                choices=[(o.value, o.label) for o in spec.outcomes],
                widget=forms.RadioSelect,
            )
        if spec.independence:
            self.fields["independence"] = forms.ChoiceField(
                label=spec.independence_label,
                required=False,
                choices=list(spec.independence),
                widget=forms.RadioSelect,
                help_text="Only if a Full Learning Review is needed.",
            )
        if spec.detail_label:
            self.fields["outcome_detail"] = _long_text(spec.detail_label, spec.detail_hint)
        self.fields["rationale"] = _long_text(
            "Rationale",
            "Why this was decided. Decisions are made transparently and the rationale is "
            "communicated, including to the family.",
            rows=8,
        )
        self.fields["decided_on"] = _date("Date of the decision", "For example, 27 3 2025")
        self.fields["decision_makers"] = _long_text(
            "Who made the decision", spec.makers_hint, rows=3, max_length=MAX_MAKERS
        )


class CompleteForm(forms.Form):
    done_on = GovukDateField(
        label="When was it completed?",
        required=False,
        help_text="The next deadline runs from this date. For example, 27 3 2025",
        label_for_errors="the date it was completed",
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why are you reopening this stage?",
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "true"}),
        help_text="It is kept with the review's history and in the audit log.",
        error_messages={"max_length": f"The reason must be {MAX_REASON:,} characters or fewer"},
    )
