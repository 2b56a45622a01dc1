"""The GOV.UK date input: three boxes, and errors that say which part is wrong."""

from datetime import date

import pytest
from django import forms

from threadline.core.govuk_forms import GovukDateField


class WhenForm(forms.Form):
    when = GovukDateField(label="When", label_for_errors="the date of the meeting")


class OptionalForm(forms.Form):
    when = GovukDateField(label="When", required=False, label_for_errors="the from date")


def errors_of(form_class, day, month, year):
    form = form_class({"when_0": day, "when_1": month, "when_2": year})
    form.is_valid()
    return form.errors.get("when", [])


def test_a_real_date_is_read_from_the_three_boxes():
    form = WhenForm({"when_0": " 7 ", "when_1": "03", "when_2": "2026"})
    assert form.is_valid()
    assert form.cleaned_data["when"] == date(2026, 3, 7)


def test_an_empty_optional_date_is_none():
    form = OptionalForm({"when_0": "", "when_1": "", "when_2": ""})
    assert form.is_valid()
    assert form.cleaned_data["when"] is None


def test_an_empty_required_date_is_an_error():
    assert errors_of(WhenForm, "", "", "") == ["This field is required."]


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "3", "2026", "The date of the meeting must include a day"),
        ("7", "", "2026", "The date of the meeting must include a month"),
        ("7", "3", "", "The date of the meeting must include a year"),
        ("", "", "2026", "The date of the meeting must include a day and month"),
        ("31", "2", "2026", "The date of the meeting must be a real date"),
        ("7", "13", "2026", "The date of the meeting must be a real date"),
        ("seven", "3", "2026", "The date of the meeting must be a real date"),
        ("7", "3", "26", "The date of the meeting must be a real date"),
    ],
)
def test_a_wrong_date_says_what_is_wrong_with_it(day, month, year, message):
    assert errors_of(WhenForm, day, month, year) == [message]


def test_a_partly_filled_optional_date_says_what_is_missing():
    assert errors_of(OptionalForm, "7", "3", "") == ["The from date must include a year"]
