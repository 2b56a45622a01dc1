"""Saving what a stage records, with optimistic concurrency (issue 5 item 12).

A save names the version it was opened at. If someone saved since, nothing is written: the
caller gets a StageRecordConflict and shows the person what changed. The version check is
part of the UPDATE itself, so two saves racing from the same version cannot both win, on
PostgreSQL or SQLite.
"""

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import policies, selectors
from ..domain.errors import StageRecordConflict
from ..domain.records import changed_fields, data_from_flat, earlier_text
from ..guards import check_open
from ..models import StageRecord, StageRecordRevision


def _record_row(review, stage) -> StageRecord:
    record = StageRecord.objects.filter(review=review, stage=stage).first()
    if record is not None:
        return record
    try:
        with transaction.atomic():
            return StageRecord.objects.create(review=review, stage=stage)
    except IntegrityError:
        return StageRecord.objects.get(review=review, stage=stage)


def _conflict(record: StageRecord, base_version: int) -> StageRecordConflict:
    record.refresh_from_db()
    return StageRecordConflict(
        base_version=base_version,
        current_version=record.version,
        changed_by=selectors.editors_since(record, base_version),
    )


def stage_record_save(*, actor, review, stage, values: Mapping[str, str], base_version: int) -> StageRecord:
    """Save the stage's fields (form field name -> text, dates as YYYY-MM-DD) as the next
    version after `base_version`."""
    require(policies.can_edit_stage(actor, review, stage))
    check_open(review, stage)
    fields = selectors.fields_of(review, stage)
    data = data_from_flat(fields, values)
    with transaction.atomic():
        record = _record_row(review, stage)
        before = dict(record.data)
        if record.version != base_version:
            raise _conflict(record, base_version)
        data = {**earlier_text(fields, before), **data}
        now = timezone.now()
        saved = StageRecord.objects.filter(pk=record.pk, version=base_version).update(
            data=data, version=base_version + 1, updated_by=actor, updated_at=now
        )
        if saved != 1:
            raise _conflict(record, base_version)
        StageRecordRevision.objects.create(
            record=record, version=base_version + 1, data=data, saved_by=actor, saved_at=now
        )
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=review,
            detail={
                "stage_record": stage.key,
                "version": base_version + 1,
                "fields_changed": changed_fields(fields, before, data),
            },
        )
    record.refresh_from_db()
    return record
