"""Importing an agency's chronology from a file (issue 6 item 3).

1. `chronology_import_upload`: the file is checked by its content (CSV, Excel or Word, under
   CHRONOLOGY_IMPORT_MAX_BYTES), kept on the private storage, and a check is queued.
2. `chronology_import_check` (background task): every row is read and checked by the entry
   rules, nothing written but the import's own row: its progress as it goes (each update
   commits at once, so the page watching it shows the truth), then the report or the preview.
3. `chronology_import_confirm`: the person asks for the import; it is queued.
4. `chronology_import_run` (background task): the rows the check kept (imports_staging, so
   the file is not parsed twice) are checked again, against the period and the entries as
   they are now, and written in ONE transaction, all or nothing, each with the row's
   fingerprint as its import key; a row whose fingerprint is already in the version (an
   earlier import) is skipped. A row repeated exactly within the file is a problem the check
   reports (the version holds each fingerprint once), so it is never silently dropped.
   Progress inside that transaction could not be seen by anyone else, so the page says
   "Importing" until it commits, and then the counts.

The stored file and the kept rows are deleted once the import is finished, refused or
cancelled: the entries and the report are what stay.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction, User
from threadline.core.services import audit_record
from threadline.core.uploads import FileKind, UploadRuleError, check_upload
from threadline.reviews.domain.errors import ReviewRuleError

from .. import policies
from ..domain.entries import PRECISION_RANK
from ..domain.imports import CSV, DOCX, XLSX, FileRows, ImportCheck, ImportFileError
from ..domain.imports_readers import open_file_rows
from ..models import ChronologyEntry, ChronologyImport, ChronologyVersion, ImportStatus
from ..selectors.imports import (
    IMPORT_KINDS,
    import_keys_of,
    last_position,
    max_import_bytes,
    max_import_rows,
    open_version,
)
from .imports_staging import StagedRows

logger = logging.getLogger(__name__)

BATCH = 1000
PROGRESS_EVERY = 500
TASK_ACTOR_LABEL = "chronology import (background task)"
FILE_KIND = {FileKind.CSV: CSV, FileKind.EXCEL: XLSX, FileKind.WORD: DOCX}
NOT_READ = (
    "The file could not be read to the end, so nothing has been imported. Upload it again; if it fails "
    "again, save it again from the program it came from"
)
NOT_STAGED = (
    "The checked rows of the file are no longer kept, so nothing has been imported. Upload the file again"
)
NOT_FINISHED = (
    "The import could not be finished, so nothing has been imported. Upload the file again; if it fails "
    "again, tell your system administrator"
)


def _on_day(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}"


def _open_version_or_refuse(chronology, field: str = "file") -> ChronologyVersion:
    version = open_version(chronology)
    if version is None:
        raise ReviewRuleError(
            "The chronology has been submitted, so entries cannot be imported into it until it is opened "
            "again for changes",
            field,
        )
    return version


def chronology_import_upload(*, actor, chronology, uploaded_file) -> ChronologyImport:
    """Keep the file and queue its check. Refused: a file that is not CSV, Excel or Word by
    its content (or whose name says otherwise), an empty or too large one, and a chronology
    whose latest version has been submitted."""
    require(policies.can_write_chronology(actor, chronology))
    version = _open_version_or_refuse(chronology)
    try:
        checked = check_upload(
            uploaded_file, allowed=IMPORT_KINDS, max_bytes=max_import_bytes(), field="file"
        )
    except UploadRuleError as error:
        raise ReviewRuleError(str(error), error.field) from None
    chronology_import = ChronologyImport(
        chronology=chronology,
        version=version,
        original_name=checked.name,
        file_kind=FILE_KIND[checked.kind],
        size=checked.size,
        sha256=checked.sha256,
        status=ImportStatus.CHECKING,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    stored = ""
    try:
        with transaction.atomic():
            chronology_import.file.save(checked.name, uploaded_file, save=False)
            stored = chronology_import.file.name
            chronology_import.save()
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                target=chronology,
                detail={
                    "import": chronology_import.pk,
                    "version": version.number,
                    "file_kind": chronology_import.file_kind,
                    "size": checked.size,
                    "sha256": checked.sha256,
                },
            )
            transaction.on_commit(lambda: _enqueue_check(chronology_import.pk))
    except BaseException:
        if stored:
            chronology_import.file.storage.delete(stored)
        raise
    return chronology_import


def _enqueue_check(import_id: int) -> None:
    from ..tasks_imports import check_chronology_import

    check_chronology_import.enqueue(import_id)


def _enqueue_run(import_id: int, actor_id: int) -> None:
    from ..tasks_imports import run_chronology_import

    run_chronology_import.enqueue(import_id, actor_id)


@contextmanager
def _rows_of(chronology_import) -> Iterator[FileRows]:
    with (
        chronology_import.file.open("rb") as stream,
        open_file_rows(chronology_import.file_kind, stream) as rows,
    ):
        yield rows


def _progress(import_id: int, **fields) -> None:
    # Outside any transaction: each update commits at once and the page shows it.
    ChronologyImport.objects.filter(pk=import_id).update(**fields)


def _forget_file(chronology_import) -> None:
    """Delete the stored file and its staged rows once the row saying so has committed."""
    stored, storage = chronology_import.file.name, chronology_import.file.storage
    if not stored:
        return
    staged = StagedRows(chronology_import)
    chronology_import.file = ""

    def delete():
        storage.delete(stored)
        staged.delete()

    transaction.on_commit(delete)


def _check_rows(rows, check: ImportCheck, *, on_row=None) -> Iterator:
    """The entries to import among `rows`; problems go into `check`."""
    try:
        for row in rows:
            entry = check.add(row)
            if on_row is not None and check.rows % PROGRESS_EVERY == 0:
                on_row(check.rows, None)
            if entry is not None:
                yield row.number, entry
    except ImportFileError as error:
        check.file_problems(error)


def _read_and_stage(chronology_import, staged: StagedRows, on_row) -> Iterator:
    """The file's rows as they are read, each staged for the import."""
    with _rows_of(chronology_import) as file_rows:
        on_row(0, file_rows.estimated_rows)
        for row in file_rows.rows:
            staged.add(row)
            yield row


def chronology_import_check(*, import_id: int) -> ChronologyImport | None:
    """Check every row of an uploaded file; run by the background task, with no person
    acting. Ends with the report (INVALID) or the preview (READY)."""
    chronology_import = (
        ChronologyImport.objects.select_related("chronology", "version").filter(pk=import_id).first()
    )
    if chronology_import is None or chronology_import.status != ImportStatus.CHECKING:
        return chronology_import
    chronology = chronology_import.chronology
    check = ImportCheck(
        period_from=chronology.period_from,
        period_to=chronology.period_to,
        existing=import_keys_of(chronology_import.version),
        max_rows=max_import_rows(),
    )
    estimate = {"total": None}

    def on_row(done: int, total: int | None) -> None:
        if total is not None:
            estimate["total"] = total
            _progress(import_id, total_rows=total, done_rows=0)
        else:
            _progress(import_id, done_rows=done, total_rows=max(done, estimate["total"] or 0))

    failure = ""
    staged = StagedRows(chronology_import)
    try:
        for _ in _check_rows(_read_and_stage(chronology_import, staged, on_row), check, on_row=on_row):
            pass
        if check.passed:
            staged.keep()
    except Exception:
        logger.exception("chronology import %s: the file could not be read", import_id)
        failure = NOT_READ
    finally:
        staged.discard()
    with transaction.atomic():
        current = ChronologyImport.objects.select_for_update().get(pk=import_id)
        if current.status != ImportStatus.CHECKING:
            staged.delete()  # cancelled while it was being checked: nothing is kept
            return current
        current.total_rows = check.rows
        current.done_rows = check.rows
        current.problem_count = check.problem_count
        current.problems = [problem.as_dict() for problem in check.problems]
        current.new_rows = check.new
        current.already_there = check.already_there
        if failure:
            current.status = ImportStatus.FAILED
            current.failure = failure
        elif check.passed:
            current.status = ImportStatus.READY
            current.preview = check.preview
        else:
            current.status = ImportStatus.INVALID
        if current.status != ImportStatus.READY:
            current.finished_at = timezone.now()
            _forget_file(current)
        current.save()
        audit_record(
            actor=None,
            actor_label=TASK_ACTOR_LABEL,
            action=AuditAction.CHANGE,
            target=chronology,
            detail={
                "import": import_id,
                "checked": current.status,
                "rows": check.rows,
                "problems": check.problem_count,
                "new": check.new,
                "already_there": check.already_there,
            },
        )
    return current


def chronology_import_confirm(*, actor, chronology_import) -> ChronologyImport:
    """Queue the import of a checked file."""
    chronology = chronology_import.chronology
    require(policies.can_write_chronology(actor, chronology))
    with transaction.atomic():
        current = ChronologyImport.objects.select_for_update().get(pk=chronology_import.pk)
        if current.status != ImportStatus.READY:
            raise ReviewRuleError(_not_ready(current), "import")
        version = open_version(chronology)
        if version is None or version.pk != current.version_id:
            raise ReviewRuleError(
                "The chronology was submitted after the file was checked, so nothing can be imported into "
                "it until it is opened again for changes",
                "import",
            )
        current.status = ImportStatus.IMPORTING
        current.done_rows = 0
        current.save(update_fields=["status", "done_rows"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=chronology,
            detail={"import": current.pk, "confirmed": True, "new": current.new_rows},
        )
        transaction.on_commit(lambda: _enqueue_run(current.pk, actor.pk))
    return current


def _not_ready(chronology_import) -> str:
    if chronology_import.status == ImportStatus.IMPORTED:
        return "This file has already been imported"
    if chronology_import.status == ImportStatus.IMPORTING:
        return "This file is already being imported"
    if chronology_import.status == ImportStatus.CHECKING:
        return "The file is still being checked"
    return "This file cannot be imported: upload it again"


def chronology_import_cancel(*, actor, chronology_import) -> ChronologyImport:
    """Drop a checked (or still checking) file without importing anything."""
    chronology = chronology_import.chronology
    require(policies.can_write_chronology(actor, chronology))
    with transaction.atomic():
        current = ChronologyImport.objects.select_for_update().get(pk=chronology_import.pk)
        if current.status not in (ImportStatus.CHECKING, ImportStatus.READY):
            raise ReviewRuleError(_not_ready(current), "import")
        current.status = ImportStatus.CANCELLED
        current.finished_at = timezone.now()
        current.preview = []
        _forget_file(current)
        current.save(update_fields=["status", "finished_at", "preview", "file"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=chronology,
            detail={"import": current.pk, "cancelled": True},
        )
    return current


class _Refused(Exception):
    """The import cannot go ahead; the message says why, and nothing was written."""


class _Invalid(Exception):
    """The file no longer passes the checks (the chronology's period changed, say)."""

    def __init__(self, check: ImportCheck):
        super().__init__("invalid")
        self.check = check


def chronology_import_run(*, import_id: int, actor_id: int) -> ChronologyImport | None:
    """Write every entry of a checked file into the open version, all or nothing; run by the
    background task on behalf of the person who asked for it."""
    chronology_import = (
        ChronologyImport.objects.select_related("chronology", "version").filter(pk=import_id).first()
    )
    if chronology_import is None or chronology_import.status != ImportStatus.IMPORTING:
        return chronology_import
    actor = User.objects.filter(pk=actor_id).first()
    chronology = chronology_import.chronology
    try:
        with transaction.atomic():
            result, detail = _write_entries(chronology_import, actor)
            audit_record(actor=actor, action=AuditAction.CREATE, target=chronology, detail=detail)
    except _Refused as refused:
        return _finish_unimported(import_id, ImportStatus.FAILED, failure=str(refused), actor=actor)
    except _Invalid as invalid:
        return _finish_unimported(import_id, ImportStatus.INVALID, check=invalid.check, actor=actor)
    except Exception:
        logger.exception("chronology import %s failed", import_id)
        return _finish_unimported(import_id, ImportStatus.FAILED, failure=NOT_FINISHED, actor=actor)
    logger.info(
        "chronology import %s: %s entries for chronology %s", import_id, result.new_rows, chronology.pk
    )
    return result


def _write_entries(chronology_import, actor) -> tuple[ChronologyImport, dict]:
    """Write the entries and mark the import done; answers it with the audit's detail."""
    chronology = chronology_import.chronology
    # The version is locked for the import: a submission, or another import of the same
    # rows, waits for it to finish and then sees every entry it wrote.
    version = ChronologyVersion.objects.select_for_update().get(pk=chronology_import.version_id)
    current = ChronologyImport.objects.select_for_update().get(pk=chronology_import.pk)
    if current.status != ImportStatus.IMPORTING:
        raise _Refused(_not_ready(current))
    if version.is_submitted:
        raise _Refused(
            f"The chronology was submitted on {_on_day(version.submitted_at)} before the import ran, so "
            "nothing has been imported. Once it is opened again for changes, upload the file again"
        )
    if actor is None or not policies.can_write_chronology(actor, chronology):
        raise _Refused(
            "The person who asked for the import can no longer change this chronology, so nothing has been "
            "imported"
        )
    check = ImportCheck(
        period_from=chronology.period_from,
        period_to=chronology.period_to,
        existing=import_keys_of(version),
        max_rows=max_import_rows(),
    )
    position = last_position(version)
    now = timezone.now()
    batch: list[ChronologyEntry] = []
    staged = StagedRows(current)
    if not staged.exists():
        raise _Refused(NOT_STAGED)
    for _number, entry in _check_rows(staged.rows(), check):
        if not check.passed:
            continue  # read to the end for the report, but write nothing more
        position += 1
        when = entry.when
        batch.append(
            ChronologyEntry(
                version=version,
                position=position,
                occurred_on=when.on,
                occurred_time=when.at,
                precision=when.precision,
                precision_rank=PRECISION_RANK[when.precision],
                source=entry.source,
                author_role=entry.author_role,
                what_happened=entry.what_happened,
                who_was_present=entry.who_was_present,
                childs_voice=entry.childs_voice,
                opinion=entry.opinion,
                significant=entry.significant,
                import_key=check.last_key,
                created_by=actor,
                created_at=now,
            )
        )
        if len(batch) >= BATCH:
            ChronologyEntry.objects.bulk_create(batch)
            batch = []
    if not check.passed:
        raise _Invalid(check)
    if batch:
        ChronologyEntry.objects.bulk_create(batch)
    current.status = ImportStatus.IMPORTED
    current.total_rows = check.rows
    current.done_rows = check.rows
    current.new_rows = check.new
    current.already_there = check.already_there
    current.problems, current.problem_count = [], 0
    current.preview = []
    current.finished_at = timezone.now()
    _forget_file(current)
    current.save()
    return current, {
        "import": current.pk,
        "version": version.number,
        "imported": check.new,
        "skipped_already_there": check.already_there,
        "rows": check.rows,
    }


def _finish_unimported(import_id, status, *, actor, failure: str = "", check: ImportCheck | None = None):
    """After a rolled-back import: say why on the import, in a transaction of its own."""
    with transaction.atomic():
        current = ChronologyImport.objects.select_for_update().select_related("chronology").get(pk=import_id)
        current.status = status
        current.failure = failure
        if check is not None:
            current.problems = [problem.as_dict() for problem in check.problems]
            current.problem_count = check.problem_count
            current.total_rows = current.done_rows = check.rows
        current.preview = []
        current.finished_at = timezone.now()
        _forget_file(current)
        current.save()
        audit_record(
            actor=actor,
            actor_label="" if actor else TASK_ACTOR_LABEL,
            action=AuditAction.CHANGE,
            target=current.chronology,
            detail={"import": import_id, "imported": 0, "status": status},
        )
    return current
