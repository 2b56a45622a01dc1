"""The shape every "send what is due today, keep the daily sweep queued" command shares
(deadline reminders, chronology reminders, action chasing): an app says what is planned, how to
send it, how to describe one line, and how to queue its next run."""

from datetime import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone


def counted(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class SweepCommand(BaseCommand):
    noun = "reminder"

    def planned(self, today) -> list:
        """What is due today and not yet sent (for --dry-run)."""
        raise NotImplementedError

    def send(self, today) -> list:
        """Send what is due today; returns what was sent."""
        raise NotImplementedError

    def describe_planned(self, item) -> str:
        raise NotImplementedError

    def describe_sent(self, row) -> str:
        raise NotImplementedError

    def ensure_next(self, now: datetime) -> tuple[datetime, bool]:
        """Queue the next run unless one is waiting; returns its moment and whether it queued."""
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=f"list the {self.noun}s due, send nothing")
        parser.add_argument(
            "--schedule-only", action="store_true", help="only make sure the next daily sweep is queued"
        )

    def handle(self, *args, dry_run=False, schedule_only=False, **options):
        now = timezone.now()
        today = timezone.localdate(now)
        if dry_run:
            planned = self.planned(today)
            for item in planned:
                self.stdout.write(self.describe_planned(item))
            self.stdout.write(f"{counted(len(planned), self.noun)} due, none sent (dry run)")
            return
        if not schedule_only:
            sent = self.send(today)
            for row in sent:
                self.stdout.write(self.describe_sent(row))
            self.stdout.write(f"{counted(len(sent), self.noun)} sent")
        moment, queued = self.ensure_next(now)
        state = "queued" if queued else "already queued"
        self.stdout.write(f"next sweep {state} by {timezone.localtime(moment):%Y-%m-%d %H:%M}")
