"""Actions made from a recommendation (issue 7 item 3): owned by an organisation and a person
in it, chased to their due date on that organisation's working-day calendar, then evidenced and
checked back by the review's chair or managers."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.calendars import calendar_for_organisation
from threadline.core.models import AuditAction, Membership, Organisation, User
from threadline.core.services import audit_record
from threadline.reviews.domain.errors import ReviewRuleError

from .. import policies
from ..domain import actions as rules
from ..domain.findings import StaleSave
from ..models import Action, ActionLevel, ActionStatus, ActionUpdate

MAX_DESCRIPTION = 2000
MAX_SUCCESS_MEASURE = 2000
MAX_REASON = 1000


def _text(value: str, *, field: str, missing: str, limit: int, name: str) -> tuple[str, list]:
    value = (value or "").strip()
    if not value:
        return value, [(field, missing)]
    if len(value) > limit:
        return value, [(field, f"{name} must be {limit:,} characters or fewer")]
    return value, []


def _owner_problems(organisation, owner) -> list:
    if organisation is None or not getattr(organisation, "is_active", False):
        return [("owner_organisation", "Choose the organisation that owns the action")]
    if owner is None:
        return [("owner", "Choose the person who owns the action")]
    if not owner.is_active or not Membership.objects.filter(user=owner, organisation=organisation).exists():
        return [("owner", f"Choose a person who works for {organisation}")]
    return []


def _check(
    *, review, description, level, owner_organisation, owner, due_on, success_measure, check_back_on, new
):
    description, problems = _text(
        description,
        field="description",
        missing="Enter what will be done",
        limit=MAX_DESCRIPTION,
        name="The action",
    )
    if level not in ActionLevel.values:
        problems.append(("level", "Choose whether the action is strategic or operational"))
    problems += _owner_problems(owner_organisation, owner)
    calendar_of = (
        owner_organisation if isinstance(owner_organisation, Organisation) else review.lead_organisation
    )
    problems += rules.date_problems(
        due_on=due_on,
        check_back_on=check_back_on,
        review_started_on=timezone.localdate(review.started_at),
        today=timezone.localdate(),
        calendar=calendar_for_organisation(calendar_of),
        new=new,
    )
    success_measure, more = _text(
        success_measure,
        field="success_measure",
        missing="Enter how you will know the action has worked",
        limit=MAX_SUCCESS_MEASURE,
        name="The success measure",
    )
    problems += more
    if problems:
        raise ReviewRuleError.from_problems([(field, message) for field, message in problems])
    return description, success_measure


def action_create(
    *,
    actor,
    recommendation,
    description: str,
    level: str,
    owner_organisation: Organisation | None,
    owner: User | None,
    due_on: date | None,
    success_measure: str,
    check_back_on: date | None,
) -> Action:
    """An action carrying out `recommendation`, owned by `owner` of `owner_organisation`."""
    review = recommendation.review
    require(policies.can_write_learning(actor, review))
    if recommendation.removed_at is not None:
        raise ReviewRuleError("This recommendation has been removed: actions cannot be added to it", None)
    description, success_measure = _check(
        review=review,
        description=description,
        level=level,
        owner_organisation=owner_organisation,
        owner=owner,
        due_on=due_on,
        success_measure=success_measure,
        check_back_on=check_back_on,
        new=True,
    )
    with transaction.atomic():
        action = Action.objects.create(
            recommendation=recommendation,
            review=review,
            description=description,
            level=level,
            owner_organisation=owner_organisation,
            owner=owner,
            due_on=due_on,
            success_measure=success_measure,
            check_back_on=check_back_on,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=review,
            detail={
                "action": action.pk,
                "recommendation": recommendation.pk,
                "owner": owner.pk,
                "owner_organisation": owner_organisation.pk,
                "due_on": due_on.isoformat(),
            },
        )
    return action


def action_change(
    *,
    actor,
    action: Action,
    base_version: int,
    description: str,
    level: str,
    owner_organisation: Organisation | None,
    owner: User | None,
    due_on: date | None,
    success_measure: str,
    check_back_on: date | None,
) -> Action:
    """Change what an action is, who owns it or when it is due (a due date may be in the past),
    as the next version after `base_version`; a stale save writes nothing."""
    review = action.review
    require(policies.can_write_learning(actor, review))
    description, success_measure = _check(
        review=review,
        description=description,
        level=level,
        owner_organisation=owner_organisation,
        owner=owner,
        due_on=due_on,
        success_measure=success_measure,
        check_back_on=check_back_on,
        new=False,
    )
    with transaction.atomic():
        current = Action.objects.select_for_update().get(pk=action.pk)
        if current.removed_at is not None:
            raise ReviewRuleError("This action has been removed", None)
        if current.version != base_version:
            raise StaleSave(base_version=base_version, current_version=current.version)
        current.description = description
        current.level = level
        current.owner_organisation = owner_organisation
        current.owner = owner
        current.due_on = due_on
        current.success_measure = success_measure
        current.check_back_on = check_back_on
        current.version += 1
        current.updated_at = timezone.now()
        current.save()
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=review,
            detail={"action": current.pk, "owner": owner.pk, "due_on": due_on.isoformat()},
        )
    return current


def action_remove(*, actor, action: Action, reason: str) -> Action:
    """Take an action off the plan; the row, its updates and evidence stay."""
    review = action.review
    require(policies.can_write_learning(actor, review))
    reason, problems = _text(
        reason,
        field="reason",
        missing="Enter why the action is being removed",
        limit=MAX_REASON,
        name="The reason",
    )
    if problems:
        raise ReviewRuleError.from_problems(problems)
    with transaction.atomic():
        current = Action.objects.select_for_update().get(pk=action.pk)
        if current.removed_at is not None:
            raise ReviewRuleError("This action has already been removed", "reason")
        current.removed_at = timezone.now()
        current.save(update_fields=["removed_at"])
        # The reason is kept as an update on the action's timeline, not in the audit log.
        ActionUpdate.objects.create(
            action=current,
            text=f"Removed: {reason}",
            status_before=current.status,
            status_after=current.status,
            posted_by=actor,
        )
        audit_record(actor=actor, action=AuditAction.DELETE, target=review, detail={"action": current.pk})
    return current


def _checker_move(*, actor, action: Action, after: str, text: str) -> tuple[Action, str]:
    """Move the action as a checker, inside the caller's transaction; returns it and where it was."""
    current = Action.objects.select_for_update().get(pk=action.pk)
    if current.removed_at is not None:
        raise ReviewRuleError("This action has been removed", None)
    if after == ActionStatus.CHECKED_BACK:
        problem = rules.check_back_problem(current.status, current.check_back_on, timezone.localdate())
    elif not rules.checker_can_move(current.status, after):
        problem = "The evidence can be confirmed only once the owner has marked the action done"
    else:
        problem = None
    if problem:
        raise ReviewRuleError(problem, "note")
    before = current.status
    current.status = after
    current.version += 1
    current.updated_at = timezone.now()
    current.save(update_fields=["status", "version", "updated_at"])
    default = {ActionStatus.EVIDENCED: "Evidence confirmed", ActionStatus.CHECKED_BACK: "Checked back"}[after]
    ActionUpdate.objects.create(
        action=current,
        text=(text or "").strip() or default,
        status_before=before,
        status_after=after,
        posted_by=actor,
    )
    return current, before


def action_evidence_confirm(*, actor, action: Action, note: str = "") -> Action:
    """A checker confirms the evidence of a done action: it is evidenced, no longer open."""
    require(policies.can_check_actions(actor, action.review))
    with transaction.atomic():
        current, before = _checker_move(actor=actor, action=action, after=ActionStatus.EVIDENCED, text=note)
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=action.review,
            detail={"action": current.pk, "status_before": before, "status_after": current.status},
        )
    return current


def action_check_back(*, actor, action: Action, note: str = "") -> Action:
    """A checker records, on or after the check-back date, that the change has lasted."""
    require(policies.can_check_actions(actor, action.review))
    with transaction.atomic():
        current, before = _checker_move(
            actor=actor, action=action, after=ActionStatus.CHECKED_BACK, text=note
        )
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=action.review,
            detail={"action": current.pk, "status_before": before, "status_after": current.status},
        )
    return current
