"""Delete the drafts nobody has changed for DRAFT_RETENTION_DAYS (30 unless set), and keep
the daily purge queued.

    python manage.py purge_old_drafts                       # delete them now, queue the next run
    python manage.py purge_old_drafts --older-than-days 7   # a shorter period, this once

The background worker (`manage.py db_worker`) runs the same purge every day at 03:00; this
command is for operators, scripts and starting the daily chain on a new database (`make run`
calls it once at start).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from threadline.core.services import drafts_purge
from threadline.core.tasks import draft_retention_days, next_daily_purge, purge_ensure_by


class Command(BaseCommand):
    help = "Delete drafts not changed for DRAFT_RETENTION_DAYS days and queue the next daily purge."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=None,
            help="delete drafts not changed for this many days (default: DRAFT_RETENTION_DAYS, 30)",
        )

    def handle(self, *args, older_than_days=None, **options):
        days = draft_retention_days() if older_than_days is None else older_than_days
        if days < 1:
            raise CommandError(f"--older-than-days must be 1 or more, not {days}")
        deleted = drafts_purge(older_than_days=days)
        noun = "draft" if deleted == 1 else "drafts"
        self.stdout.write(f"{deleted} {noun} not changed for {days} days deleted")
        moment = next_daily_purge(timezone.now())
        state = "queued" if purge_ensure_by(moment) else "already queued"
        self.stdout.write(f"next purge {state} by {timezone.localtime(moment):%Y-%m-%d %H:%M}")
