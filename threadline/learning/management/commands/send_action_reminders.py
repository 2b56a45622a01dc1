"""Send the action reminders, escalations and board digests due today, and keep the chains queued.

    python manage.py send_action_reminders                  # send, one line per e-mail batch
    python manage.py send_action_reminders --dry-run        # list what would be sent
    python manage.py send_action_reminders --schedule-only  # just queue the next sweep and digest

The background worker (`manage.py db_worker`) runs the sweep every weekday at 07:30 and the
digest on the first working day of each month; this command is for operators, scripts and
starting both chains on a new database.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from threadline.learning.selectors.chasing import chases_planned, digests_planned, digests_waiting
from threadline.learning.services.chasing import action_chases_send, board_digests_send
from threadline.learning.tasks import digest_ensure_by, next_daily_sweep, next_digest_run, sweep_ensure_by


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class Command(BaseCommand):
    help = "Send the action reminders and board digests due today (once each) and queue the next runs."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what is due, send nothing")
        parser.add_argument(
            "--schedule-only", action="store_true", help="only make sure the next sweep and digest are queued"
        )

    def handle(self, *args, dry_run=False, schedule_only=False, **options):
        now = timezone.now()
        today = timezone.localdate(now)
        if dry_run:
            planned = chases_planned(today=today, unsent_only=True)
            for item in planned:
                self.stdout.write(
                    f"{item.action.review.incident.reference} action {item.action.pk} "
                    f"{item.chase.kind} {item.chase.due_on.isoformat()}"
                )
            digests = digests_planned(today=today)
            self.stdout.write(
                f"{_count(len(planned), 'reminder')} and {_count(len(digests), 'digest')} due, "
                "none sent (dry run)"
            )
            return
        if not schedule_only:
            sent = action_chases_send(today=today)
            for row in sent:
                self.stdout.write(
                    f"{row.action.review.incident.reference} action {row.action_id} "
                    f"{row.kind} {row.due_on.isoformat()}"
                )
            digests = board_digests_send(today=today)
            self.stdout.write(f"{_count(len(sent), 'reminder')} and {_count(len(digests), 'digest')} sent")
        moment = next_daily_sweep(now)
        state = "queued" if sweep_ensure_by(moment) else "already queued"
        self.stdout.write(f"next sweep {state} by {timezone.localtime(moment):%Y-%m-%d %H:%M}")
        moment = next_digest_run(now, waiting=digests_waiting(today=today))
        state = "queued" if digest_ensure_by(moment) else "already queued"
        self.stdout.write(f"next digest {state} by {timezone.localtime(moment):%Y-%m-%d %H:%M}")
