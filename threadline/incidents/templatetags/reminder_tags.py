"""What the reminder e-mails need beyond the reminder itself: whether a delay or a pause moved
the deadline they are about (`reminders.reminder_body` passes the incident and the reminder)."""

from django import template

from ..overview import stage_deadline_notes

register = template.Library()


@register.simple_tag
def reminder_deadline_notes(incident, reminder):
    """The reminder's deadline notes (overview.DeadlineNotes), or None."""
    return stage_deadline_notes(incident, reminder.stage_key)
