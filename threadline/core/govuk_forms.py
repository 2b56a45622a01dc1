"""Form pieces every app shares: the GOV.UK date input and error wording."""

from datetime import date

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
