"""Background tasks of learning, run by `manage.py db_worker` (django-tasks, database backend):
the daily chasing sweep and the boards' monthly digest. Each run queues the next."""

import logging
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

from threadline.core.scheduling import task_ensure_by

logger = logging.getLogger(__name__)

SWEEP_TIME = time(7, 30)


def sweep_moment(day: date) -> datetime:
    """07:30 on `day`, London time."""
    return timezone.make_aware(datetime.combine(day, SWEEP_TIME))


def next_daily_sweep(now: datetime) -> datetime:
    """07:30 on the next weekday after `now`; bank holidays differ by nation, so a sweep on one
    finds nothing new for that nation (working days do not move on it)."""
    day = timezone.localtime(now).date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return sweep_moment(day)


def next_digest_run(now: datetime, *, waiting: bool) -> datetime:
    """07:30 on the first weekday of next month; or the next weekday while some organisation's
    first working day of this month is still to come (a bank holiday on the 1st)."""
    from .domain.chasing import first_weekday_of_next_month

    if waiting:
        return next_daily_sweep(now)
    return sweep_moment(first_weekday_of_next_month(timezone.localtime(now).date()))


@task()
def send_action_reminders() -> int:
    """Send the action reminders and escalations due today, then queue tomorrow's sweep.
    Returns how many were sent."""
    from .services.chasing import action_chases_send

    now = timezone.now()
    try:
        sent = action_chases_send(today=timezone.localdate(now))
    finally:
        # Even if this sweep failed, the next one is queued: one bad day must not end them.
        sweep_ensure_by(next_daily_sweep(now))
    logger.info("sent %d action reminders and escalations", len(sent))
    return len(sent)


@task()
def send_board_digests() -> int:
    """Send this month's board digests not sent yet, then queue the next run."""
    from .selectors.chasing import digests_waiting
    from .services.chasing import board_digests_send

    now = timezone.now()
    today = timezone.localdate(now)
    try:
        sent = board_digests_send(today=today)
    finally:
        digest_ensure_by(next_digest_run(now, waiting=digests_waiting(today=today)))
    logger.info("sent %d board digests", len(sent))
    return len(sent)


def sweep_ensure_by(moment: datetime) -> bool:
    """Queue the sweep to run at `moment` unless one is already waiting to run by then."""
    return task_ensure_by(send_action_reminders, moment)


def digest_ensure_by(moment: datetime) -> bool:
    return task_ensure_by(send_board_digests, moment)
