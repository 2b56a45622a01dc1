"""Exporting the merged chronology to Excel, Word or PDF (issue 6 item 7).

A person asks for an export; a background task writes the file (a long chronology takes from
seconds in Excel to minutes in PDF) and records its progress as it goes; the file is fetched
through a checked, audited download and purged after RETENTION_DAYS.
"""

import logging
import tempfile
from datetime import date, timedelta

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import policies
from ..domain.exports import (
    RETENTION_DAYS,
    ExportFilters,
    ExportRuleError,
    check_pdf_size,
    download_name,
)
from ..exporters import WRITERS
from ..models import ChronologyExport, ExportFormat, JobStatus
from ..selectors.exports import agency_names, export_row_count, export_rows, export_title, pdf_entry_limit

logger = logging.getLogger(__name__)

EXPORT_TASK_LABEL = "chronology export (background task)"
PURGE_TASK_LABEL = "chronology export purge (background task)"
FAILURE = (
    "The file could not be written. Ask for the export again; if it fails again, tell your "
    "system administrator."
)


def chronology_export_request(
    *,
    actor,
    review,
    file_format: str,
    organisation_ids=(),
    date_from: date | None = None,
    date_to: date | None = None,
    significant_only: bool = False,
) -> ChronologyExport:
    """Ask for the merged chronology as a file; the file is written in the background once the
    request is committed."""
    require(policies.can_analyse(actor, review))
    if file_format not in ExportFormat.values:
        raise ExportRuleError("Choose the format of the file", "file_format")
    organisation_ids = tuple(sorted({int(pk) for pk in organisation_ids or ()}))
    if set(organisation_ids) - set(agency_names(review)):
        raise ExportRuleError("Choose only agencies asked for a chronology in this review", "agency")
    filters = ExportFilters(
        organisation_ids=organisation_ids,
        date_from=date_from,
        date_to=date_to,
        significant_only=significant_only,
    )
    if file_format == ExportFormat.PDF:
        check_pdf_size(export_row_count(review, filters), pdf_entry_limit())
    with transaction.atomic():
        export = ChronologyExport.objects.create(
            review=review, file_format=file_format, filters=filters.as_json(), requested_by=actor
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=review,
            detail={"chronology_export": export.pk, "format": file_format, **filters.as_json()},
        )
        transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def _enqueue(export_id: int) -> None:
    from ..tasks_exports import export_merged_chronology

    export_merged_chronology.enqueue(export_id)


def _record_progress(export_id: int, done: int) -> None:
    # Outside any transaction, so the status page sees each step while the file is written.
    ChronologyExport.objects.filter(pk=export_id).update(done_rows=done)


def chronology_export_run(*, export_id: int) -> ChronologyExport | None:
    """Write the file of a waiting export; run by the background task, with no person acting.
    An export already taken by another run, or purged, is left alone."""
    with transaction.atomic():
        export = (
            ChronologyExport.objects.select_for_update(of=("self",))
            .select_related("review__incident__child", "review__lead_organisation", "requested_by")
            .filter(pk=export_id)
            .first()
        )
        if export is None or export.status != JobStatus.WAITING:
            return export
        filters = ExportFilters.from_json(export.filters)
        export.status = JobStatus.RUNNING
        export.total_rows = export_row_count(export.review, filters)
        export.done_rows = 0
        export.save(update_fields=["status", "total_rows", "done_rows"])
    review = export.review
    title = export_title(
        review,
        filters,
        produced_by=export.requested_by.full_name,
        produced_at=timezone.now(),
        row_count=export.total_rows,
    )
    written, status, failure = 0, JobStatus.DONE, ""
    try:
        with tempfile.TemporaryFile() as out:
            written = WRITERS[export.file_format](
                out,
                title,
                export_rows(review, filters),
                progress=lambda done: _record_progress(export.pk, done),
            )
            out.seek(0)
            export.file.save(
                download_name(review.incident.reference, export.file_format), File(out), save=False
            )
    except Exception:
        logger.exception("chronology export %s failed", export.pk)
        if export.file:
            export.file.delete(save=False)
        status, failure = JobStatus.FAILED, FAILURE
    with transaction.atomic():
        export.status = status
        export.done_rows = written
        export.failure = failure
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "status", "done_rows", "failure", "finished_at"])
        audit_record(
            actor=None,
            actor_label=EXPORT_TASK_LABEL,
            action=AuditAction.CHANGE,
            target=review,
            organisation=review.lead_organisation,
            detail={
                "chronology_export": export.pk,
                "format": export.file_format,
                "status": status,
                "rows": written,
            },
        )
    return export


def chronology_export_download(*, actor, export: ChronologyExport):
    """Open the export's file for `actor` (found by selectors.exports.export_for) and record
    that the merged chronology left the system. Returns the open file and its name."""
    review = export.review
    require(policies.can_analyse(actor, review) or export.requested_by_id == actor.pk)
    if export.status != JobStatus.DONE or not export.file:
        raise ExportRuleError("This export has no file to download", "file")
    stream = export.file.open("rb")
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        target=review,
        detail={
            "chronology_export": export.pk,
            "format": export.file_format,
            "rows": export.done_rows,
            "download": True,
        },
    )
    return stream, download_name(review.incident.reference, export.file_format)


def chronology_exports_purge(*, older_than_days: int = RETENTION_DAYS) -> int:
    """Delete the exports (and their files) asked for more than `older_than_days` ago; run by
    the daily purge. Returns how many were deleted."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted = 0
    old = ChronologyExport.objects.filter(requested_at__lt=cutoff)
    for export in old.select_related("review__lead_organisation").iterator():
        with transaction.atomic():
            if export.file:
                export.file.delete(save=False)
            audit_record(
                actor=None,
                actor_label=PURGE_TASK_LABEL,
                action=AuditAction.DELETE,
                target=export.review,
                organisation=export.review.lead_organisation,
                detail={
                    "chronology_export": export.pk,
                    "requested_on": export.requested_at.date().isoformat(),
                },
            )
            export.delete()
        deleted += 1
    return deleted
