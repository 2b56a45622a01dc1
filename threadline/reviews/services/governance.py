"""Sending a review's reports, decisions and action plans to its boards, and recording what
each board did (issue 5 item 11). Where each thing may go is the framework's
(domain/governance.py)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import extensions, policies, selectors
from ..domain import governance as rules
from ..domain.errors import ReviewRuleError
from ..models import GovernanceSubmission, MeetingKind, Review, SubmissionOutcome


def _check_meeting(review, meeting) -> None:
    if meeting is None:
        return
    if meeting.review_id != review.pk or meeting.kind != MeetingKind.GOVERNANCE_BOARD:
        raise ReviewRuleError("Choose a governance board meeting of this review", "meeting")
    if meeting.cancelled_at is not None:
        raise ReviewRuleError("That board meeting was cancelled: choose another, or none", "meeting")


def review_governance_submit(
    *,
    actor,
    review,
    subject: str,
    boards: list[str],
    submitted_on: date | None,
    summary: str = "",
    meeting=None,
) -> list[GovernanceSubmission]:
    """Send one subject to each of `boards`, which must be boards the framework sends it to;
    one submission per board, each awaiting that board's outcome. A subject that carries the
    action plan (every report does) keeps a snapshot of the plan as it stands, and is refused
    while the plan has no action."""
    require(policies.can_submit_to_governance(actor, review))
    framework = selectors.framework_key_of(review)
    boards = list(dict.fromkeys(boards or []))
    summary = (summary or "").strip()
    problems = rules.submission_problems(
        framework,
        subject_key=subject,
        board_keys=boards,
        submitted_on=submitted_on,
        review_started_on=timezone.localtime(review.started_at).date(),
        today=timezone.localdate(),
        summary=summary,
    )
    if problems:
        raise ReviewRuleError.from_problems(problems)
    _check_meeting(review, meeting)
    governance = rules.governance_of(framework)
    chosen = governance.subject(subject)
    with transaction.atomic():
        # One submitter at a time per review, so that two people cannot send the same thing twice.
        Review.objects.select_for_update().filter(pk=review.pk).first()
        waiting = set(
            GovernanceSubmission.objects.filter(
                review=review, subject=subject, board__in=boards, outcome=SubmissionOutcome.AWAITING
            ).values_list("board", flat=True)
        )
        if waiting:
            board = governance.board(next(key for key in boards if key in waiting))
            raise ReviewRuleError(
                f"‘{chosen.label}’ is already with the {board.label}, awaiting its outcome", "boards"
            )
        plan = None
        if chosen.action_plan:
            # Taken under the review's lock, with the submissions: what the board gets is the plan
            # as it stood, whatever changes after.
            plan = extensions.action_plan_of(review)
            if not extensions.action_count(plan):
                raise ReviewRuleError(rules.no_action_plan(chosen), "subject")
        made = [
            GovernanceSubmission.objects.create(
                review=review,
                board=key,
                board_label=governance.board(key).label,
                subject=chosen.key,
                subject_label=chosen.label,
                summary=summary,
                submitted_on=submitted_on,
                submitted_by=actor,
                meeting=meeting,
                action_plan=plan,
            )
            for key in boards
        ]
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=review,
            detail={
                "governance_submissions": [s.pk for s in made],
                "subject": chosen.key,
                "boards": boards,
                "submitted_on": submitted_on.isoformat(),
                "meeting": meeting.pk if meeting else None,
                "action_plan_actions": extensions.action_count(plan) if plan else None,
            },
        )
    return made


def review_governance_outcome_record(
    *,
    actor,
    submission: GovernanceSubmission,
    outcome: str,
    outcome_on: date | None,
    signed_off_by: str = "",
    comments: str = "",
) -> GovernanceSubmission:
    """Record what the board did. Once recorded it stands: a returned item goes back to the
    board as a new submission."""
    review = submission.review
    require(policies.can_record_sign_off(actor, review))
    signed_off_by = (signed_off_by or "").strip()
    comments = (comments or "").strip()
    problems = rules.outcome_problems(
        outcome=outcome,
        outcome_on=outcome_on,
        signed_off_by=signed_off_by,
        comments=comments,
        submitted_on=submission.submitted_on,
        today=timezone.localdate(),
    )
    if problems:
        raise ReviewRuleError.from_problems(problems)
    with transaction.atomic():
        current = GovernanceSubmission.objects.select_for_update().get(pk=submission.pk)
        if current.outcome != SubmissionOutcome.AWAITING:
            raise ReviewRuleError(rules.ALREADY_RECORDED, "outcome")
        current.outcome = outcome
        current.outcome_on = outcome_on
        # Who signed it off belongs to a sign-off only; anything typed for another outcome is dropped.
        current.signed_off_by = signed_off_by if outcome == SubmissionOutcome.SIGNED_OFF else ""
        current.comments = comments
        current.outcome_recorded_by = actor
        current.outcome_recorded_at = timezone.now()
        current.save(
            update_fields=[
                "outcome",
                "outcome_on",
                "signed_off_by",
                "comments",
                "outcome_recorded_by",
                "outcome_recorded_at",
            ]
        )
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=review,
            detail={
                "governance_submission": current.pk,
                "board": current.board,
                "subject": current.subject,
                "outcome": outcome,
                "outcome_on": outcome_on.isoformat(),
            },
        )
    return current
