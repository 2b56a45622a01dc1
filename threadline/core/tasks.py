"""Background tasks of core, run by `manage.py db_worker` (django-tasks, database backend).

Drafts can hold case content (the notification wizard keeps the child's name there), so a
draft nobody has changed for DRAFT_RETENTION_DAYS (30 unless set) is deleted. The purge runs
at 03:00 (Europe/London) every day, each run queueing the next, as the deadline reminders'
sweep does (threadline/incidents/reminders.py). `manage.py purge_old_drafts` runs it at once
and starts the chain on a new database; `make run` calls it. Queueing never doubles up: a
purge is only queued if none is already waiting to run by that moment.
"""

import logging
from collections.abc import Callable
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from .scheduling import task_ensure_by

logger = logging.getLogger(__name__)

DEFAULT_DRAFT_RETENTION_DAYS = 30
PURGE_TIME = time(3, 0)
PURGE_TASK_PATH = "threadline.core.tasks.purge_old_drafts"

# Other apps' files and records that are kept only for a while (a chronology export, say) are
# deleted by the same daily run: each registers a callable returning how many it deleted.
DAILY_PURGES: list[tuple[str, Callable[[], int]]] = []


def register_daily_purge(name: str, purge: Callable[[], int]) -> None:
    if all(existing != name for existing, _ in DAILY_PURGES):
        DAILY_PURGES.append((name, purge))


def draft_retention_days() -> int:
    return int(getattr(settings, "DRAFT_RETENTION_DAYS", DEFAULT_DRAFT_RETENTION_DAYS))


def next_daily_purge(now: datetime) -> datetime:
    """03:00 London time on the day after `now`."""
    day = timezone.localtime(now).date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, PURGE_TIME))


def purge_ensure_by(moment: datetime) -> bool:
    """Queue a purge to run at `moment` unless one is already waiting to run by then.
    Returns whether it queued one."""
    return task_ensure_by(purge_old_drafts, moment)


@task()
def purge_old_drafts() -> int:
    """Delete the drafts older than the retention period, then queue tomorrow's purge so
    they keep going while a worker runs. Returns how many were deleted."""
    from .services import drafts_purge

    now = timezone.now()
    try:
        deleted = drafts_purge(older_than_days=draft_retention_days())
        for name, purge in DAILY_PURGES:
            try:
                logger.info("deleted %d %s", purge(), name)
            except Exception:
                # One app's purge failing must not stop the others, nor the next day's run.
                logger.exception("the daily purge of %s failed", name)
    finally:
        # Even if this run failed, the next one is queued: one bad day must not end them.
        purge_ensure_by(next_daily_purge(now))
    logger.info("deleted %d drafts older than %d days", deleted, draft_retention_days())
    return deleted
