"""Recurring background tasks without a scheduler: each run queues the next, and a run is
only queued when none is already waiting to run by then, so the queue never doubles up."""

from datetime import datetime


def task_queued_by(task, moment: datetime) -> bool:
    """Whether a run of `task` is waiting to run at or before `moment` (or as soon as possible)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    waiting = DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY)
    return waiting.filter(run_after__lte=moment).exists() or waiting.filter(run_after=get_date_max()).exists()


def task_ensure_by(task, moment: datetime) -> bool:
    """Queue `task` to run at `moment` unless a run is already waiting by then. Returns
    whether it queued one."""
    if task_queued_by(task, moment):
        return False
    task.using(run_after=moment).enqueue()
    return True
