"""Forms of submitting a chronology and opening a new version of it."""

from django import forms

from .domain.requests import MAX_REASON


class SubmitForm(forms.Form):
    entries = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class VersionOpenForm(forms.Form):
    reason = forms.CharField(
        label="Why does the chronology need changing?",
        required=False,
        max_length=MAX_REASON,
        help_text="For example, “Two contacts in 2023 were missed”. The review sees the reason with "
        "the new version.",
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "true"}),
        error_messages={"max_length": f"The reason must be {MAX_REASON:,} characters or fewer"},
    )
