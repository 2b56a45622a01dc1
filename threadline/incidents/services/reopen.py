"""Taking back a stage's completion: the chair reopens it with a reason (issue 5 item 1).

The completion goes, so the stage's deadline is open again and the stages that run from it
wait for it; the audit log keeps when it had been done, who reopened it and why.
"""

from django.db import transaction

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import policies
from ..models import Incident, StageCompletion
from ..reminders import reminders_schedule_on_commit
from .notify import IncidentRuleError

MAX_REASON = 5000


def incident_stage_reopen(*, actor, incident: Incident, stage, reason: str) -> Incident:
    require(policies.can_manage_clock(actor, incident))
    if stage.version_id != incident.framework_version_id:
        raise IncidentRuleError("That stage is not part of this incident's framework", "stage")
    reason = (reason or "").strip()
    if not reason:
        raise IncidentRuleError("Enter the reason for reopening the stage", "reason")
    if len(reason) > MAX_REASON:
        raise IncidentRuleError(f"The reason must be {MAX_REASON:,} characters or fewer", "reason")
    with transaction.atomic():
        completion = (
            StageCompletion.objects.select_for_update().filter(incident=incident, stage=stage).first()
        )
        if completion is None:
            raise IncidentRuleError("That stage is not complete, so it cannot be reopened", "stage")
        was_done_on = completion.done_on
        completion.delete()
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=incident,
            detail={"stage_reopened": stage.key, "was_done_on": was_done_on.isoformat(), "reason": reason},
        )
        reminders_schedule_on_commit(incident)
    return incident
