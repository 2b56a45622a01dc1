"""Send the deadline reminders due today now, and keep the daily sweep queued.

    python manage.py send_deadline_reminders            # send, one line per reminder
    python manage.py send_deadline_reminders --dry-run  # list what would be sent
    python manage.py send_deadline_reminders --schedule-only  # just queue the next sweep

The background worker (`manage.py db_worker`) runs the same sweep every weekday at 07:00;
this command is for operators, scripts and starting the daily chain on a new database.
"""

from threadline.core.management.sweeps import SweepCommand
from threadline.incidents.reminders import next_daily_sweep, reminders_planned, sweep_ensure_by
from threadline.incidents.services.reminders import deadline_reminders_send


class Command(SweepCommand):
    help = "Send the deadline reminders due today (once each) and queue the next daily sweep."

    def planned(self, today):
        return reminders_planned(today=today, unsent_only=True)

    def send(self, today):
        return deadline_reminders_send(today=today)

    def describe_planned(self, item):
        r = item.reminder
        return f"{item.incident.reference} {r.stage_key} {r.kind} {r.due.isoformat()}"

    def describe_sent(self, row):
        people = ", ".join(row.recipients)
        return f"{row.incident.reference} {row.stage.key} {row.kind} {row.due.isoformat()} -> {people}"

    def ensure_next(self, now):
        moment = next_daily_sweep(now)
        return moment, sweep_ensure_by(moment)
