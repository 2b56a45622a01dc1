"""Proceedings running alongside a review (issue 5 item 9; seed 004): a police investigation,
a trial, an inquest... Starting one may pause the incident's clock; ending it resumes it."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.incidents.services.clock import incident_clock_pause, incident_clock_resume
from threadline.incidents.services.notify import IncidentRuleError

from .. import policies
from ..domain.errors import ReviewRuleError
from ..models import ParallelProceeding, ProceedingKind, ProceedingStatus

MAX_LIAISON = 300
MAX_NOTE = 2000


def _as_review_error(error: IncidentRuleError) -> ReviewRuleError:
    return ReviewRuleError(str(error), {"reason": "reason"}.get(error.field, error.field))


def review_proceeding_start(
    *,
    actor,
    review,
    kind: str,
    liaison: str,
    started_on: date | None,
    pause_clock: bool = False,
    reason: str = "",
    note: str = "",
) -> ParallelProceeding:
    """Record proceedings; with `pause_clock`, the incident's deadlines stop from `started_on`."""
    require(policies.can_manage_proceedings(actor, review))
    if kind not in ProceedingKind.values:
        raise ReviewRuleError("Choose the kind of proceedings", "kind")
    liaison = (liaison or "").strip()
    if not liaison:
        raise ReviewRuleError("Enter who liaises with the proceedings", "liaison")
    if len(liaison) > MAX_LIAISON:
        raise ReviewRuleError(f"The liaison must be {MAX_LIAISON} characters or fewer", "liaison")
    if started_on is None:
        raise ReviewRuleError("Enter the date the proceedings started", "started_on")
    if started_on > timezone.localdate():
        raise ReviewRuleError("The date the proceedings started must be today or in the past", "started_on")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ReviewRuleError(f"The note must be {MAX_NOTE:,} characters or fewer", "note")
    if pause_clock and not (reason or "").strip():
        raise ReviewRuleError("Enter why the clock is paused", "reason")
    with transaction.atomic():
        pause = None
        if pause_clock:
            try:
                pause = incident_clock_pause(
                    actor=actor, incident=review.incident, reason=reason, started_on=started_on
                )
            except IncidentRuleError as error:
                raise _as_review_error(error) from None
        proceeding = ParallelProceeding.objects.create(
            review=review,
            kind=kind,
            liaison=liaison,
            started_on=started_on,
            pause=pause,
            note=note,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=review,
            detail={
                "proceeding": proceeding.pk,
                "kind": kind,
                "started_on": started_on.isoformat(),
                "pauses_clock": pause is not None,
            },
        )
    return proceeding


def review_proceeding_end(
    *, actor, proceeding: ParallelProceeding, ended_on: date | None
) -> ParallelProceeding:
    """End the proceedings; if they paused the clock, it runs again from `ended_on`."""
    review = proceeding.review
    require(policies.can_manage_proceedings(actor, review))
    if ended_on is None:
        raise ReviewRuleError("Enter the date the proceedings ended", "ended_on")
    if ended_on > timezone.localdate():
        raise ReviewRuleError("The date the proceedings ended must be today or in the past", "ended_on")
    if ended_on < proceeding.started_on:
        raise ReviewRuleError("The proceedings cannot end before they started", "ended_on")
    with transaction.atomic():
        current = ParallelProceeding.objects.select_for_update().get(pk=proceeding.pk)
        if current.status == ProceedingStatus.ENDED:
            raise ReviewRuleError("These proceedings have already ended", "ended_on")
        if current.pause is not None and current.pause.ended_on is None:
            try:
                incident_clock_resume(actor=actor, pause=current.pause, ended_on=ended_on)
            except IncidentRuleError as error:
                raise ReviewRuleError(str(error), "ended_on") from None
        current.status = ProceedingStatus.ENDED
        current.ended_on = ended_on
        current.save(update_fields=["status", "ended_on"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=review,
            detail={
                "proceeding": current.pk,
                "ended_on": ended_on.isoformat(),
                "clock_resumed": current.pause_id is not None,
            },
        )
    return current
