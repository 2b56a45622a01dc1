"""Background tasks of incidents, run by `manage.py db_worker` (django-tasks, database backend)."""

import logging

from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_deadline_reminders() -> int:
    """Send the deadline reminders due today, then queue tomorrow's sweep (07:00 on the next
    weekday) so reminders keep flowing while a worker runs. Returns how many were sent."""
    from .reminders import next_daily_sweep, sweep_ensure_by
    from .services.reminders import deadline_reminders_send

    now = timezone.now()
    try:
        sent = deadline_reminders_send(today=timezone.localdate(now))
    finally:
        # Even if this sweep failed, the next one is queued: one bad day must not end them.
        sweep_ensure_by(next_daily_sweep(now))
    logger.info("sent %d deadline reminders", len(sent))
    return len(sent)
