"""Form pieces every app shares: the GOV.UK date input, a time of day, and error wording."""

import re
from datetime import date, time

from django import forms


class DateInputWidget(forms.MultiWidget):
    """Day, month and year boxes (GOV.UK date input pattern)."""

    is_govuk_date = True

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]


class GovukDateField(forms.MultiValueField):
    widget = DateInputWidget

    def __init__(self, *, label_for_errors: str = "the date", **kwargs):
        self.label_for_errors = label_for_errors
        # Each box may be empty on its own: compress() says which part is missing, in
        # GOV.UK words, instead of Django's "Enter a complete value."
        fields = tuple(forms.CharField(required=False) for _ in range(3))
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, values):
        if not values or not any(v.strip() for v in values if v):
            return None
        day, month, year = (v.strip() if v else "" for v in values)
        missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise forms.ValidationError(
                f"{self.label_for_errors.capitalize()} must include a {' and '.join(missing)}"
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise forms.ValidationError(f"{self.label_for_errors.capitalize()} must be a real date")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{self.label_for_errors.capitalize()} must be a real date") from None


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


class GovukTimeField(forms.Field):
    """A time of day typed as a person writes it: 14:30, 14.30, 2:30pm, 9am, noon, midnight.

    GOV.UK has no time input component; the pattern is one short text input with a hint.
    """

    def __init__(self, *, label_for_errors: str = "the time", **kwargs):
        self.label_for_errors = label_for_errors
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-5"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = str(value or "").strip().lower().replace(" ", "")
        if not text:
            return None
        text = {"noon": "12pm", "midday": "12pm", "midnight": "12am"}.get(text, text)
        match = _TIME.match(text[:20])
        message = f"Enter {self.label_for_errors} as a time of day, like 14:30 or 2:30pm"
        if not match:
            raise forms.ValidationError(message)
        hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
        if half:
            if not 1 <= hour <= 12:
                raise forms.ValidationError(message)
            hour = hour % 12 + (12 if half == "pm" else 0)
        elif match.group(2) is None:
            raise forms.ValidationError(message)  # "14" alone could be an hour or a typing slip
        if hour > 23 or minute > 59:
            raise forms.ValidationError(message)
        return time(hour, minute)

    def prepare_value(self, value):
        return value.strftime("%H:%M") if isinstance(value, time) else value
