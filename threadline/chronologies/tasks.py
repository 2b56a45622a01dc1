"""Background tasks of chronologies, run by `manage.py db_worker` (django-tasks, database backend)."""

import logging
from datetime import datetime

from django.utils import timezone
from django_tasks import task

from threadline.core.scheduling import task_ensure_by

logger = logging.getLogger(__name__)


@task()
def send_chronology_reminders() -> int:
    """Send the chronology reminders due today, then queue tomorrow's sweep (07:00 on the next
    weekday) so reminders keep flowing while a worker runs. Returns how many were sent."""
    from threadline.incidents.reminders import next_daily_sweep

    from .services.reminders import chronology_reminders_send

    now = timezone.now()
    try:
        sent = chronology_reminders_send(today=timezone.localdate(now))
    finally:
        # Even if this sweep failed, the next one is queued: one bad day must not end them.
        sweep_ensure_by(next_daily_sweep(now))
    logger.info("sent %d chronology reminders", len(sent))
    return len(sent)


def sweep_ensure_by(moment: datetime) -> bool:
    """Queue the sweep to run at `moment` unless one is already waiting to run by then."""
    return task_ensure_by(send_chronology_reminders, moment)
