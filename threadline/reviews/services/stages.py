"""Completing and reopening a review's stages (issue 5 item 1).

Completing checks that everything the stage requires is recorded, naming each missing part,
then records the stage as done on the incident's clock, so the next deadline runs from it.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.incidents import policies as incident_policies
from threadline.incidents.services import (
    IncidentRuleError,
    incident_event_record,
    incident_stage_complete,
    incident_stage_reopen,
)

from .. import policies, selectors
from ..domain.errors import ReviewRuleError
from ..domain.records import FieldKind, missing_parts
from ..domain.tasklist import all_finished
from ..guards import check_open, check_stage_of
from ..models import Review, ReviewStatus, StageReopening
from ..selectors.recorded import recorded_elsewhere

DECISION_EVENT = "decision"


def _missing(review, stage) -> list[tuple[str, str]]:
    fields = selectors.fields_of(review, stage)
    record = selectors.stage_record_of(review, stage)
    decision = selectors.current_decision(review, stage)
    spec = selectors.decision_spec_of(review, stage)
    outcome = spec.outcome(decision.outcome) if spec and decision else None
    return missing_parts(
        fields,
        record.data if record else {},
        has_decision=decision is not None,
        outcome=outcome,
        elsewhere=recorded_elsewhere(review, [f.key for f in fields if f.kind is FieldKind.LINKED]),
    )


def _dates_the_decision(actor, review, stage) -> bool:
    """Whether completing the stage dates the decision to review on the incident's clock, which
    the deadlines "from the decision" run from: only when the decision is to review (a Full
    Learning Review, a local review, proceeding), or when its outcome is in words and cannot be
    told apart. Where the person may manage the clock and no date is on record yet, the decision
    is dated with its own date first; otherwise the incident dates it on completion."""
    decision = selectors.current_decision(review, stage)
    spec = selectors.decision_spec_of(review, stage)
    if spec is None or decision is None:
        return True
    outcome = spec.outcome(decision.outcome)
    if not (spec.is_free or (outcome is not None and outcome.starts_clock)):
        return False
    incident = review.incident
    dated = incident.clock_events.filter(event=DECISION_EVENT).exists()
    if not dated and incident_policies.can_manage_clock(actor, incident):
        incident_event_record(actor=actor, incident=incident, event=DECISION_EVENT, on=decision.decided_on)
    return True


def _review_status(review: Review) -> str:
    statuses = [row.status for row in selectors.task_list(review, today=timezone.localdate())]
    return ReviewStatus.COMPLETED if all_finished(statuses) else ReviewStatus.IN_PROGRESS


def review_stage_complete(*, actor, review, stage, done_on: date | None) -> Review:
    require(policies.can_complete_stage(actor, review, stage))
    check_open(review, stage)
    problems = _missing(review, stage)
    if done_on is None:
        problems.append(("done_on", "Enter the date the stage was completed"))
    if problems:
        raise ReviewRuleError.from_problems(problems)
    try:
        with transaction.atomic():
            dates_decision = _dates_the_decision(actor, review, stage)
            incident_stage_complete(
                actor=actor,
                incident=review.incident,
                stage=stage,
                done_on=done_on,
                dates_decision=dates_decision,
            )
            status = _review_status(review)
            detail = {"stage_completed": stage.key, "done_on": done_on.isoformat()}
            if status != review.status:
                review.status = status
                review.save(update_fields=["status"])
                detail["review"] = status
            audit_record(actor=actor, action=AuditAction.CHANGE, target=review, detail=detail)
    except IncidentRuleError as error:
        raise ReviewRuleError(str(error), "done_on") from error
    return review


def review_stage_reopen(*, actor, review, stage, reason: str) -> StageReopening:
    """Open a completed stage again: the chair's decision, with the reason kept."""
    require(policies.can_reopen_stage(actor, review))
    check_stage_of(review, stage)
    reason = (reason or "").strip()
    if not reason:
        raise ReviewRuleError("Enter the reason for reopening the stage", "reason")
    was_done_on = selectors.done_on_of(review, stage)
    if was_done_on is None:
        raise ReviewRuleError(f"‘{stage.name}’ is not complete, so it cannot be reopened", "reason")
    try:
        with transaction.atomic():
            incident_stage_reopen(actor=actor, incident=review.incident, stage=stage, reason=reason)
            reopening = StageReopening.objects.create(
                review=review, stage=stage, reason=reason, was_done_on=was_done_on, reopened_by=actor
            )
            detail = {"stage_reopened": stage.key, "was_done_on": was_done_on.isoformat()}
            if review.status != ReviewStatus.IN_PROGRESS:
                review.status = ReviewStatus.IN_PROGRESS
                review.save(update_fields=["status"])
                detail["review"] = ReviewStatus.IN_PROGRESS
            audit_record(actor=actor, action=AuditAction.CHANGE, target=review, detail=detail)
    except IncidentRuleError as error:
        raise ReviewRuleError(str(error), "reason") from error
    return reopening
