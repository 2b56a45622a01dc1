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
# A stage that records this is where the decision to review is made: completing it dates the
# decision, which starts the clocks that run from it (seed 000 §7.5-7.7, seed 001 §2.7.6,
# seed 004).
DECISION = "decision"


def _locked(incident: Incident) -> Incident:
    """The incident's row, locked until the transaction ends: clock changes to one incident
    queue up behind each other, so a double submit or two people at once see each other's
    work (an open pause, a delay just recorded) instead of both writing."""
    return Incident.objects.select_for_update().get(pk=incident.pk)


def _not_in_future(on: date, field: str, what: str = "The date") -> None:
    if on > timezone.localdate():
        raise IncidentRuleError(f"{what} must be today or in the past", field)


def _not_before_notification(incident: Incident, on: date, field: str) -> None:
    if on < timezone.localtime(incident.occurred_at).date():
        raise IncidentRuleError("The date cannot be before the incident", field)


def incident_stage_complete(
    *, actor, incident: Incident, stage, done_on: date, dates_decision: bool = True
) -> StageCompletion:
    """Record a stage as done on `done_on`.

    A stage that records the decision dates the decision on the incident's clock (the day it
    was done) unless a date is already on record, so the deadlines that run from the decision
    start. A caller that dates the decision itself (a review knows the decision's outcome and
    the day it was made) passes `dates_decision=False`.
    """
    require(policies.can_complete_stage(actor, incident, stage))
    if stage.version_id != incident.framework_version_id:
        raise IncidentRuleError("That stage is not part of this incident's framework", "stage")
    _not_in_future(done_on, "done_on")
    _not_before_notification(incident, done_on, "done_on")
    with transaction.atomic():
        _locked(incident)
        completion, created = StageCompletion.objects.update_or_create(
            incident=incident, stage=stage, defaults={"done_on": done_on, "completed_by": actor}
        )
        detail = {"stage_completed": stage.key, "done_on": done_on.isoformat(), "first_time": created}
        if dates_decision and DECISION in (stage.records or []):
            # Recording the decision starts the clocks that run from it, unless a date for
            # the decision is already on record (recorded by hand, or by an earlier stage).
            decision, dated_now = ClockEvent.objects.get_or_create(
                incident=incident, event=DECISION, defaults={"on": done_on, "recorded_by": actor}
            )
            detail["decision_date"] = {"on": decision.on.isoformat(), "recorded_now": dated_now}
        audit_record(actor=actor, action=AuditAction.CHANGE, target=incident, detail=detail)
        reminders_schedule_on_commit(incident)
    return completion


def incident_clock_pause(*, actor, incident: Incident, reason: str, started_on: date) -> ClockPause:
    """Stop the clock, e.g. for criminal proceedings or an inquest (DESIGN §2)."""
    require(policies.can_manage_clock(actor, incident))
    if not reason.strip():
        raise IncidentRuleError("Enter why the clock is paused", "reason")
    _not_in_future(started_on, "started_on", "The date the clock stopped")
    _not_before_notification(incident, started_on, "started_on")
    with transaction.atomic():
        _locked(incident)  # a second pause at the same moment waits here, then sees this one
        if ClockPause.objects.filter(incident=incident, ended_on__isnull=True).exists():
            raise IncidentRuleError("The clock is already paused: resume it first", "started_on")
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
    _not_in_future(ended_on, "ended_on", "The date the clock starts again")
    with transaction.atomic():
        _locked(incident)
        pause.refresh_from_db()  # as it is now, after any resume just made
        if pause.ended_on is not None:
            raise IncidentRuleError("The clock is not paused", "ended_on")
        if ended_on <= pause.started_on:
            raise IncidentRuleError("The clock must resume after the day it was paused", "ended_on")
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
    today = timezone.localdate()
    if revised_due < today:
        raise IncidentRuleError("The revised date must be today or in the future", "revised_due")
    with transaction.atomic():
        _locked(incident)
        # The same delay submitted twice (a double click, a retry) is the one on record.
        same = DeadlineDelay.objects.filter(
            incident=incident, stage=stage, reason=reason.strip(), revised_due=revised_due, recorded_on=today
        ).first()
        if same is not None:
            return same
        delay = DeadlineDelay.objects.create(
            incident=incident,
            stage=stage,
            reason=reason.strip(),
            revised_due=revised_due,
            recorded_on=today,
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
        _locked(incident)
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
