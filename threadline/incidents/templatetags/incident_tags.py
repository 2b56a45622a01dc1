"""Template helpers for the incident pages: radio options with hints, dates as they read, and
whether the person may merge an incident."""

from datetime import date

from django import template

from .. import policies
from ..models import IncidentStatus

register = template.Library()


@register.simple_tag
def choice_options(field, hints=None):
    """A radio or checkbox field's choices with the ids `govuk_field` gives them, whether each is
    chosen, and a hint where `hints` (value -> text) has one."""
    value = field.value()
    chosen = {str(v) for v in value} if isinstance(value, (list, tuple)) else {str(value)}
    options = []
    for index, (choice, label) in enumerate(field.field.choices):
        options.append(
            {
                "value": choice,
                "label": label,
                "id": field.auto_id if index == 0 else f"{field.auto_id}-{index}",
                "checked": str(choice) in chosen,
                "hint": (hints or {}).get(str(choice), ""),
            }
        )
    return options


@register.filter
def long_date(day) -> str:
    """'4 June 2027'."""
    if not isinstance(day, date):
        return ""
    return f"{day.day} {day:%B %Y}"


@register.filter
def weekday_date(day) -> str:
    """'Friday 4 June 2027', for deadlines."""
    if not isinstance(day, date):
        return ""
    return f"{day:%A} {day.day} {day:%B %Y}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def may_merge(incident, user) -> bool:
    """Whether `user` may fold `incident` into another (policies.can_merge_incident)."""
    return incident.status != IncidentStatus.MERGED and policies.can_merge_incident(user, incident)
