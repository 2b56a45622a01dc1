"""Recording a decision with its rationale (issue 5 item 2)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import policies, selectors
from ..domain.decisions import DecisionInput, decision_problems
from ..domain.errors import ReviewRuleError
from ..guards import check_open
from ..models import Decision


def review_decision_record(
    *,
    actor,
    review,
    stage,
    outcome: str,
    rationale: str,
    decided_on: date | None,
    decision_makers: str,
    independence: str = "",
    outcome_detail: str = "",
) -> Decision:
    """Record the stage's decision. A later one replaces it as current; both are kept."""
    require(policies.can_record_decision(actor, review, stage))
    check_open(review, stage)
    spec = selectors.decision_spec_of(review, stage)
    if spec is None:
        raise ReviewRuleError(f"‘{stage.name}’ does not record a decision", "outcome")
    given = DecisionInput(
        outcome=(outcome or "").strip(),
        rationale=rationale,
        decided_on=decided_on,
        decision_makers=decision_makers,
        independence=independence or "",
        outcome_detail=outcome_detail or "",
    )
    earliest = timezone.localtime(review.incident.occurred_at).date()
    problems = decision_problems(spec, given, today=timezone.localdate(), earliest=earliest)
    if problems:
        raise ReviewRuleError.from_problems(problems)
    chosen = spec.outcome(given.outcome)
    keeps_independence = chosen is not None and chosen.independence_required
    with transaction.atomic():
        decision = Decision.objects.create(
            review=review,
            stage=stage,
            kind=stage.key,
            outcome=given.outcome,
            outcome_label=spec.label_of(given.outcome),
            independence=given.independence if keeps_independence else "",
            independence_label=spec.independence_label_of(given.independence) if keeps_independence else "",
            outcome_detail=given.outcome_detail.strip() if spec.detail_label else "",
            rationale=given.rationale.strip(),
            decided_on=decided_on,
            decision_makers=given.decision_makers.strip(),
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=review,
            detail={
                "decision": stage.key,
                "decision_id": decision.pk,
                "outcome": decision.outcome if not spec.is_free else "(in words)",
                "decided_on": decided_on.isoformat(),
            },
        )
    return decision
