"""Background tasks of chronology imports, run by `manage.py db_worker` (django-tasks, database
backend): checking an uploaded file row by row, then importing it, never inside a request."""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def check_chronology_import(import_id: int) -> str:
    """Check every row of an uploaded file; returns the import's status after the check."""
    from .services.imports import chronology_import_check

    checked = chronology_import_check(import_id=import_id)
    status = checked.status if checked is not None else "missing"
    logger.info("chronology import %d checked: %s", import_id, status)
    return status


@task()
def run_chronology_import(import_id: int, actor_id: int) -> str:
    """Write a checked file's entries, all or nothing, for the person who asked; returns the
    import's status afterwards."""
    from .services.imports import chronology_import_run

    done = chronology_import_run(import_id=import_id, actor_id=actor_id)
    status = done.status if done is not None else "missing"
    logger.info("chronology import %d run: %s", import_id, status)
    return status
