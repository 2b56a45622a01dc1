"""Forms of the terms of reference pages; the rules are the service's (domain/terms.py)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.http import QueryDict
from django.utils import timezone

from threadline.core.govuk_forms import GovukDateField

from .domain import terms as rules
from .domain.methods import Method

EXAMPLE_DATE = "For example, 1 3 2022"


def _long_text(label: str, hint: str, rows: int = 6) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=rules.MAX_TEXT,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows, "data-autosave": "true", "spellcheck": "true"}),
        error_messages={"max_length": f"{label} must be {rules.MAX_TEXT:,} characters or fewer"},
    )


def as_query(data: dict) -> QueryDict:
    """Form data with several values per name where a list is given (a draft keeps the methods
    chosen as a list, or as one text when one was chosen)."""
    query = QueryDict(mutable=True)
    for name, value in data.items():
        query.setlist(name, [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)])
    return query


def terms_form_data(data: dict, version: int) -> QueryDict:
    """Submitted-form data showing stored parts (a date as its day, month and year boxes)."""
    values: dict = {"base_version": str(version)}
    for part in rules.PARTS:
        value = data.get(part.key)
        if part.kind is rules.PartKind.DATE:
            try:
                day = date.fromisoformat(value or "")
            except ValueError:
                day = None
            parts = [str(day.day), str(day.month), str(day.year)] if day else ["", "", ""]
            for index, text in enumerate(parts):
                values[f"{part.key}_{index}"] = text
        elif part.kind is rules.PartKind.METHODS:
            values[part.key] = rules.method_keys(value)
        else:
            values[part.key] = value or ""
    return as_query(values)


class TermsForm(forms.Form):
    """The parts of the terms of reference. Nothing is required to save a draft version; the
    service checks the scope period and that a chosen method has its rationale."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)

    def __init__(self, *args, offered: tuple[Method, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.offered = offered
        self.fields[rules.KEY_LINES] = _long_text(
            "Key lines of enquiry",
            "The questions the review will explore, and why it is being undertaken.",
            rows=10,
        )
        self.fields[rules.SCOPE_FROM] = GovukDateField(
            label="Start of the scope period",
            required=False,
            help_text="Two to three years before the incident is usually enough. " + EXAMPLE_DATE,
            label_for_errors="the start of the scope period",
        )
        self.fields[rules.SCOPE_TO] = GovukDateField(
            label="End of the scope period",
            required=False,
            help_text="Usually the incident; later if the agencies' response after it is part of the "
            "review. " + EXAMPLE_DATE,
            label_for_errors="the end of the scope period",
        )
        self.fields[rules.AGENCIES] = _long_text("Agencies involved", "One a line.", rows=5)
        self.fields[rules.METHODS] = forms.MultipleChoiceField(
            label="Method",
            required=False,
            choices=[(method.key, method.name) for method in offered],
            widget=forms.CheckboxSelectMultiple,
            help_text="Choose one, or several to combine. You can leave this until the method is agreed.",
            error_messages={"invalid_choice": "Choose methods from the list"},
        )
        self.fields[rules.RATIONALE] = _long_text(
            "Rationale for the method",
            "Why this method, or this combination, suits the review. Needed once a method is chosen.",
        )
        self.fields[rules.TIMESCALE] = _long_text(
            "Timescale", "When the review is to finish, and its milestones.", rows=4
        )

    @property
    def parts(self) -> dict:
        """The bound fields by a name templates can use ("scope_from" for "scope-from")."""
        return {name.replace("-", "_"): self[name] for name in self.fields}

    def method_choices(self) -> list[dict]:
        """Each method with its description, checked as submitted (for the template)."""
        bound = self[rules.METHODS]
        value = bound.value() or []
        chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
        return [
            {
                "id": bound.auto_id if index == 0 else f"{bound.auto_id}-{index}",
                "method": method,
                "checked": method.key in chosen,
            }
            for index, method in enumerate(self.offered)
        ]

    def values(self) -> dict:
        """The answers as the service takes them: text by part key, dates as YYYY-MM-DD."""
        values: dict = {}
        for part in rules.PARTS:
            value = self.cleaned_data.get(part.key)
            if isinstance(value, date):
                value = value.isoformat()
            values[part.key] = list(value) if part.kind is rules.PartKind.METHODS else (value or "")
        return values


class AgreeForm(forms.Form):
    version = forms.TypedChoiceField(
        label="Which version was agreed?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the version that was agreed"},
    )
    agreed_by = forms.CharField(
        label="Who agreed it?",
        required=False,
        max_length=rules.MAX_AGREED_BY,
        help_text="A person or a body, for example the partnership executive or the Child Protection "
        "Committee.",
        error_messages={"max_length": f"Who agreed it must be {rules.MAX_AGREED_BY} characters or fewer"},
    )
    agreed_on = GovukDateField(
        label="When was it agreed?",
        required=False,
        help_text="For example, 4 4 2025",
        label_for_errors="the date it was agreed",
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = [
            (
                v.version,
                f"Version {v.version}, saved on {rules.long_date(timezone.localdate(v.saved_at))}"
                + (f" by {v.saved_by}" if v.saved_by else ""),
            )
            for v in versions
        ]


class CompareForm(forms.Form):
    older = forms.TypedChoiceField(label="Compare version", coerce=int)
    newer = forms.TypedChoiceField(label="with version", coerce=int)

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, f"Version {n}") for n in numbers]
        for name in ("older", "newer"):
            self.fields[name].choices = choices
            self.fields[name].error_messages["invalid_choice"] = "Choose a saved version"
            self.fields[name].error_messages["required"] = "Choose a saved version"

    def clean(self):
        data = super().clean()
        if data.get("older") is not None and data.get("older") == data.get("newer"):
            self.add_error("newer", "Choose two different versions")
        return data
