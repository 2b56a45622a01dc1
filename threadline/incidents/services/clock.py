"""Completing stages, pausing and resuming the clock, delays and event dates."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import policies
from ..models import ClockEvent, ClockPause, DeadlineDelay, Incident, StageCompletion
from ..reminders import reminders_schedule_on_commit
from .notify import IncidentRuleError

# Events a person may date by hand; the incident, awareness and notification are fixed at
# notification.
RECORDABLE_EVENTS = {"decision": "the decision to review", "publication-planned": "the planned publication"}


def _not_in_future(on: date, field: str) -> None:
    if on > timezone.localdate():
        raise IncidentRuleError("The date must be today or in the past", field)


def _not_before_notification(incident: Incident, on: date, field: str) -> None:
    if on < timezone.localtime(incident.occurred_at).date():
        raise IncidentRuleError("The date cannot be before the incident", field)


def incident_stage_complete(*, actor, incident: Incident, stage, done_on: date) -> StageCompletion:
    require(policies.can_complete_stage(actor, incident, stage))
    if stage.version_id != incident.framework_version_id:
        raise IncidentRuleError("That stage is not part of this incident's framework", "stage")
    _not_in_future(done_on, "done_on")
    _not_before_notification(incident, done_on, "done_on")
    with transaction.atomic():
        completion, created = StageCompletion.objects.update_or_create(
            incident=incident, stage=stage, defaults={"done_on": done_on, "completed_by": actor}
        )
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=incident,
            detail={"stage_completed": stage.key, "done_on": done_on.isoformat(), "first_time": created},
        )
        reminders_schedule_on_commit(incident)
    return completion


def incident_clock_pause(*, actor, incident: Incident, reason: str, started_on: date) -> ClockPause:
    """Stop the clock, e.g. for criminal proceedings or an inquest (DESIGN §2)."""
    require(policies.can_manage_clock(actor, incident))
    if not reason.strip():
        raise IncidentRuleError("Enter why the clock is paused", "reason")
    _not_before_notification(incident, started_on, "started_on")
    if incident.pauses.filter(ended_on__isnull=True).exists():
        raise IncidentRuleError("The clock is already paused: resume it first", "started_on")
    with transaction.atomic():
        pause = ClockPause.objects.create(
            incident=incident, reason=reason.strip(), started_on=started_on, recorded_by=actor
        )
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=incident,
            detail={"clock": "paused", "reason": pause.reason, "from": started_on.isoformat()},
        )
        reminders_schedule_on_commit(incident)
    return pause


def incident_clock_resume(*, actor, pause: ClockPause, ended_on: date) -> ClockPause:
    incident = pause.incident
    require(policies.can_manage_clock(actor, incident))
    if pause.ended_on is not None:
        raise IncidentRuleError("The clock is not paused", "ended_on")
    if ended_on <= pause.started_on:
        raise IncidentRuleError("The clock must resume after the day it was paused", "ended_on")
    with transaction.atomic():
        pause.ended_on = ended_on
        pause.save(update_fields=["ended_on"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=incident,
            detail={"clock": "resumed", "on": ended_on.isoformat(), "pause": pause.pk},
        )
        reminders_schedule_on_commit(incident)
    return pause


def incident_deadline_delay(
    *, actor, incident: Incident, stage, reason: str, revised_due: date
) -> DeadlineDelay:
    """Record a delay with its reason and revised date; the original date stays on record."""
    require(policies.can_manage_clock(actor, incident))
    if stage.version_id != incident.framework_version_id or stage.deadline_rule is None:
        raise IncidentRuleError("Select a stage of this incident that has a deadline", "stage")
    if not reason.strip():
        raise IncidentRuleError("Enter the reason for the delay", "reason")
    if revised_due < timezone.localdate():
        raise IncidentRuleError("The revised date must be today or in the future", "revised_due")
    with transaction.atomic():
        delay = DeadlineDelay.objects.create(
            incident=incident,
            stage=stage,
            reason=reason.strip(),
            revised_due=revised_due,
            recorded_on=timezone.localdate(),
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=incident,
            detail={"delay": stage.key, "revised_due": revised_due.isoformat(), "reason": delay.reason},
        )
        reminders_schedule_on_commit(incident)
    return delay


def incident_event_record(*, actor, incident: Incident, event: str, on: date) -> ClockEvent:
    """Date an event a deadline runs from, e.g. the decision to review."""
    require(policies.can_manage_clock(actor, incident))
    if event not in RECORDABLE_EVENTS:
        raise IncidentRuleError("Select the event to date", "event")
    if event != "publication-planned":
        _not_in_future(on, "on")
    _not_before_notification(incident, on, "on")
    with transaction.atomic():
        clock_event, _ = ClockEvent.objects.update_or_create(
            incident=incident, event=event, defaults={"on": on, "recorded_by": actor}
        )
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=incident,
            detail={"event": event, "on": on.isoformat()},
        )
        reminders_schedule_on_commit(incident)
    return clock_event
