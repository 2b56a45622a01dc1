"""Reads of a review's governance: where its framework sends things, what was sent, what each
board did, and what is waiting for a board member."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from ..display import long_date
from ..domain import governance as rules
from ..models import GovernanceSubmission, Meeting, MeetingKind, SubmissionOutcome
from ..policies import SIGN_OFF_ROLES
from . import framework_key_of, reviews_visible_to

SUBMISSION_RELATED = ("submitted_by", "outcome_recorded_by", "meeting")


@dataclass(frozen=True)
class Route:
    subject: rules.Subject
    boards: list[rules.Board]


def governance_of(review) -> rules.Governance:
    return rules.governance_of(framework_key_of(review))


def routes_of(review) -> list[Route]:
    """Each thing the review's framework sends to governance, with the boards it goes to."""
    framework = framework_key_of(review)
    return [Route(subject, rules.route(framework, subject.key)) for subject in rules.subjects_of(framework)]


def submissions_of(review) -> QuerySet[GovernanceSubmission]:
    return GovernanceSubmission.objects.filter(review=review).select_related(*SUBMISSION_RELATED)


def submission_of(review, pk) -> GovernanceSubmission | None:
    """A submission of this review, or None (a submission of another review is not found)."""
    return submissions_of(review).filter(pk=pk).first()


def board_meetings_of(review) -> QuerySet[Meeting]:
    """The review's governance board meetings that were not cancelled, soonest first."""
    return Meeting.objects.filter(
        review=review, kind=MeetingKind.GOVERNANCE_BOARD, cancelled_at__isnull=True
    ).order_by("starts_at", "pk")


def awaiting_board_of(actor, *, limit: int = 20) -> list[GovernanceSubmission]:
    """What awaits a board's outcome in the reviews led by the organisations where the actor
    is a board member or a service manager, longest waiting first."""
    organisations = actor.organisation_ids_with_role(*SIGN_OFF_ROLES)
    if not organisations:
        return []
    reviews = reviews_visible_to(actor).filter(lead_organisation_id__in=organisations)
    return list(
        GovernanceSubmission.objects.filter(review__in=reviews, outcome=SubmissionOutcome.AWAITING)
        .select_related("review__incident__child")
        .order_by("submitted_on", "pk")[:limit]
    )


def _join(parts: list[str]) -> str:
    return "; ".join(dict.fromkeys(parts))


def recorded_items(review) -> dict[str, str]:
    """What the stage pages list as recorded here: the report's sign-off ("signed-off-by"),
    the boards anything went to ("boards") and the action plan shared ("action-plan-shared")."""
    governance = governance_of(review)
    submissions = list(GovernanceSubmission.objects.filter(review=review).order_by("submitted_on", "pk"))
    found: dict[str, str] = {}

    def subject(submission):
        return governance.subject(submission.subject)

    signed = sorted(
        (
            s
            for s in submissions
            if s.outcome == SubmissionOutcome.SIGNED_OFF and subject(s) is not None and subject(s).report
        ),
        key=lambda s: (s.outcome_on, s.pk),
    )
    if signed:
        found["signed-off-by"] = _join(
            [
                f"Signed off by {s.signed_off_by} on {long_date(s.outcome_on)} ({s.board_label})"
                for s in signed
            ]
        )
    first_sent: dict[str, GovernanceSubmission] = {}
    for s in submissions:
        first_sent.setdefault(s.board, s)
    if first_sent:
        found["boards"] = _join(
            [f"{s.board_label} on {long_date(s.submitted_on)}" for s in first_sent.values()]
        )
    plans = [s for s in submissions if subject(s) is not None and subject(s).action_plan]
    if plans:
        found["action-plan-shared"] = _join(
            [f"Shared with the {s.board_label} on {long_date(s.submitted_on)}" for s in plans]
        )
    return found
