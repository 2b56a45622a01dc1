"""GOV.UK Design System form markup for Django forms, written once for every app."""

from django import forms, template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()


def _kind(field) -> str:
    widget = field.field.widget
    if getattr(widget, "is_govuk_date", False):
        return "date"
    # CheckboxSelectMultiple is a subclass of RadioSelect, so it is asked about first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


def _input_type(field) -> str:
    return getattr(field.field.widget, "input_type", "text") or "text"


@register.simple_tag
def govuk_field(field, label_size="", hint="", classes="", label_is_heading=False, rows=None):
    """Render one bound field as a GOV.UK form group with its label, hint and inline error."""
    widget = field.field.widget
    attrs = widget.attrs
    context = {
        "field": field,
        "kind": _kind(field),
        "input_type": _input_type(field),
        "label_size": label_size,
        "hint": hint or field.help_text,
        "classes": classes or attrs.get("class", ""),
        "label_is_heading": label_is_heading,
        "rows": rows or attrs.get("rows", 8),
        "autocomplete": attrs.get("autocomplete", ""),
        "spellcheck": attrs.get("spellcheck", ""),
        "inputmode": attrs.get("inputmode", ""),
        "maxlength": getattr(field.field, "max_length", None),
        "value": field.value(),
        "choices": _choices(field),
        "error": field.errors[0] if field.errors else "",
        "autosave": attrs.get("data-autosave", ""),
    }
    if context["kind"] == "date":
        value = context["value"]
        parts = value if isinstance(value, (list, tuple)) else widget.decompress(value)
        context["date_parts"] = [
            {
                "suffix": str(i),
                "label": label,
                "value": (parts[i] if i < len(parts) else "") or "",
                "width": width,
                "id": field.auto_id if i == 0 else f"{field.auto_id}_{i}",
            }
            for i, (label, width) in enumerate((("Day", 2), ("Month", 2), ("Year", 4)))
        ]
    return mark_safe(render_to_string("core/govuk/field.html", context))


def _choices(field):
    if not hasattr(field.field, "choices"):
        return []
    value = field.value()
    selected = {str(v) for v in value} if isinstance(value, (list, tuple)) else {str(value)}
    result = []
    for index, (choice_value, label) in enumerate(field.field.choices):
        if hasattr(choice_value, "value"):
            choice_value = choice_value.value
        result.append(
            {
                "value": "" if choice_value is None else choice_value,
                "label": label,
                "id": f"{field.auto_id}" if index == 0 else f"{field.auto_id}-{index}",
                "selected": str(choice_value) in selected,
            }
        )
    return result


@register.simple_tag
def govuk_error_summary(*forms_):
    """The error summary at the top of the page, linking to each field in error."""
    errors = []
    for form in forms_:
        if form is None or not getattr(form, "errors", None):
            continue
        for error in form.non_field_errors():
            errors.append({"text": error, "href": ""})
        for field in form:
            for error in field.errors:
                errors.append({"text": error, "href": f"#{field.auto_id}"})
    if not errors:
        return ""
    return mark_safe(render_to_string("core/govuk/error_summary.html", {"errors": errors}))


@register.filter
def govuk_tag_colour(value: str) -> str:
    return {
        "create": "govuk-tag--green",
        "change": "govuk-tag--blue",
        "delete": "govuk-tag--red",
        "view": "govuk-tag--grey",
        "export": "govuk-tag--purple",
        "sign-in": "govuk-tag--turquoise",
        "sign-out": "govuk-tag--grey",
        "failed-sign-in": "govuk-tag--orange",
        "permission-denied": "govuk-tag--red",
    }.get(value, "govuk-tag--grey")


@register.simple_tag(takes_context=True)
def page_title(context, title: str):
    """'Title – Threadline', prefixed with 'Error: ' when the page has form errors (GOV.UK pattern)."""
    has_errors = any(
        getattr(value, "errors", None)
        for value in context.flatten().values()
        if isinstance(value, forms.BaseForm)
    )
    return f"{'Error: ' if has_errors else ''}{title} – Threadline"
