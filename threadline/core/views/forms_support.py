"""Turning service rule errors into errors next to the right field."""

from django import forms


def add_rule_error(form: forms.Form, error) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))
