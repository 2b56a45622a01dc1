"""Background tasks of the merged chronology's exports, run by `manage.py db_worker`
(django-tasks, database backend)."""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def export_merged_chronology(export_id: int) -> str:
    """Write the file of one export (queued when a person asks for it). Returns its status."""
    from .services.exports import chronology_export_run

    export = chronology_export_run(export_id=export_id)
    status = export.status if export is not None else "gone"
    logger.info("chronology export %d: %s", export_id, status)
    return status
