"""Send the chronology reminders due today now, and keep the daily sweep queued.

    python manage.py send_chronology_reminders                  # send, one line per reminder
    python manage.py send_chronology_reminders --dry-run        # list what would be sent
    python manage.py send_chronology_reminders --schedule-only  # just queue the next sweep

The background worker (`manage.py db_worker`) runs the same sweep every weekday at 07:00;
this command is for operators, scripts and starting the daily chain on a new database.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from threadline.chronologies.selectors.chronologies import chronology_reminders_planned
from threadline.chronologies.services.reminders import chronology_reminders_send
from threadline.chronologies.tasks import sweep_ensure_by
from threadline.incidents.reminders import next_daily_sweep


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class Command(BaseCommand):
    help = "Send the chronology reminders due today (once each) and queue the next daily sweep."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list the reminders due, send nothing")
        parser.add_argument(
            "--schedule-only", action="store_true", help="only make sure the next daily sweep is queued"
        )

    def handle(self, *args, dry_run=False, schedule_only=False, **options):
        now = timezone.now()
        today = timezone.localdate(now)
        if dry_run:
            planned = chronology_reminders_planned(today=today, unsent_only=True)
            for item in planned:
                chronology, reminder = item.chronology, item.reminder
                self.stdout.write(
                    f"{chronology.review.incident.reference} {chronology.organisation.name} "
                    f"{reminder.kind} {reminder.due_on.isoformat()}"
                )
            self.stdout.write(f"{_count(len(planned), 'reminder')} due, none sent (dry run)")
            return
        if not schedule_only:
            sent = chronology_reminders_send(today=today)
            for row in sent:
                chronology = row.chronology
                self.stdout.write(
                    f"{chronology.review.incident.reference} {chronology.organisation.name} "
                    f"{row.kind} {row.due_on.isoformat()}"
                )
            self.stdout.write(f"{_count(len(sent), 'reminder')} sent")
        moment = next_daily_sweep(now)
        queued = sweep_ensure_by(moment)
        state = "queued" if queued else "already queued"
        self.stdout.write(f"next sweep {state} by {timezone.localtime(moment):%Y-%m-%d %H:%M}")
