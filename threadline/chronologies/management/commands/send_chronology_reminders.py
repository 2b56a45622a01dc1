"""Send the chronology reminders due today now, and keep the daily sweep queued.

    python manage.py send_chronology_reminders                  # send, one line per reminder
    python manage.py send_chronology_reminders --dry-run        # list what would be sent
    python manage.py send_chronology_reminders --schedule-only  # just queue the next sweep

The background worker (`manage.py db_worker`) runs the same sweep every weekday at 07:00;
this command is for operators, scripts and starting the daily chain on a new database.
"""

from threadline.chronologies.selectors.chronologies import chronology_reminders_planned
from threadline.chronologies.services.reminders import chronology_reminders_send
from threadline.chronologies.tasks import sweep_ensure_by
from threadline.core.management.sweeps import SweepCommand
from threadline.incidents.reminders import next_daily_sweep


def _line(chronology, kind: str, due_on) -> str:
    return (
        f"{chronology.review.incident.reference} {chronology.organisation.name} {kind} {due_on.isoformat()}"
    )


class Command(SweepCommand):
    help = "Send the chronology reminders due today (once each) and queue the next daily sweep."

    def planned(self, today):
        return chronology_reminders_planned(today=today, unsent_only=True)

    def send(self, today):
        return chronology_reminders_send(today=today)

    def describe_planned(self, item):
        return _line(item.chronology, item.reminder.kind, item.reminder.due_on)

    def describe_sent(self, row):
        return _line(row.chronology, row.kind, row.due_on)

    def ensure_next(self, now):
        moment = next_daily_sweep(now)
        return moment, sweep_ensure_by(moment)
