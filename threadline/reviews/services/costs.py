"""A review's costs and how the partners share them (issue 5 item 10; seed 001 §1.2)."""

from django.db import transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import policies, selectors
from ..domain.costs import MAX_PENCE, ApportionOption, CostHeading, CostRuleError, Share, check_shares
from ..models import CostApportionment, ReviewCost

MAX_NOTE = 2000


def _pence(value, field: str) -> None:
    if value is not None and (not isinstance(value, int) or value < 0 or value > MAX_PENCE):
        raise CostRuleError("Enter an amount between £0 and £100,000,000", field)


def review_cost_set(
    *, actor, review, heading: str, estimated_pence: int, actual_pence: int | None = None, note: str = ""
) -> ReviewCost:
    """Add or change what one heading is estimated to cost and, once known, what it cost."""
    require(policies.can_set_costs(actor, review))
    try:
        heading = CostHeading(heading)
    except ValueError:
        raise CostRuleError("Choose a heading", "heading") from None
    _pence(estimated_pence, "estimated")
    _pence(actual_pence, "actual")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise CostRuleError(f"The note must be {MAX_NOTE:,} characters or fewer", "note")
    with transaction.atomic():
        cost, created = ReviewCost.objects.select_for_update().get_or_create(
            review=review, heading=heading.value, defaults={"updated_by": actor}
        )
        before = {"estimated_pence": cost.estimated_pence, "actual_pence": cost.actual_pence}
        cost.estimated_pence = estimated_pence
        cost.actual_pence = actual_pence
        cost.note = note
        cost.updated_by = actor
        cost.updated_at = timezone.now()
        cost.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.CHANGE,
            target=review,
            detail={
                "cost": heading.value,
                "estimated_pence": estimated_pence,
                "actual_pence": actual_pence,
                **({} if created else {"before": before}),
            },
        )
    return cost


def review_cost_apportionment_set(
    *, actor, review, option: str, shares: list[Share], agreed_by: str = ""
) -> CostApportionment:
    """Choose Option 1 or 2 (shared, or one partner bearing the total) and each organisation's
    part; a split that breaks a rule is refused."""
    require(policies.can_set_costs(actor, review))
    try:
        option = ApportionOption(option)
    except ValueError:
        raise CostRuleError("Choose how the costs are shared", "option") from None
    shares = [s for s in shares if s.amount != 0]
    partners = set(selectors.cost_partners_of(review).values_list("pk", flat=True))
    if any(s.organisation_id not in partners for s in shares):
        raise CostRuleError("Only the review's partner organisations can share its costs", "shares")
    check_shares(option, shares)
    agreed_by = (agreed_by or "").strip()
    if option is ApportionOption.ONE_PARTNER and not agreed_by:
        # Seed 001 §1.2.3: the statutory partners decide who bears it all; say who and when.
        raise CostRuleError("Enter who decided that one partner bears the total cost, and when", "agreed_by")
    if len(agreed_by) > MAX_NOTE:
        raise CostRuleError(f"Who agreed it must be {MAX_NOTE:,} characters or fewer", "agreed_by")
    stored = [{"organisation": s.organisation_id, "amount": s.amount} for s in shares]
    with transaction.atomic():
        apportionment, created = CostApportionment.objects.select_for_update().get_or_create(
            review=review, defaults={"option": option.value, "updated_by": actor}
        )
        apportionment.option = option.value
        apportionment.shares = stored
        apportionment.agreed_by = agreed_by
        apportionment.updated_by = actor
        apportionment.updated_at = timezone.now()
        apportionment.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.CHANGE,
            target=review,
            detail={"apportionment": option.value, "shares": stored},
        )
    return apportionment
