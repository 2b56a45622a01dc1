"""Invented governance for the demonstration reviews: what each sent to its boards and what the
boards did, made through the services. Everything here is fictional."""

from datetime import date, timedelta

from django.utils import timezone

from threadline.core.models import Membership

from . import extensions
from .domain import governance as rules
from .models import GovernanceSubmission
from .policies import SIGN_OFF_ROLES, SUBMITTING_ROLES
from .selectors.governance import board_meetings_of
from .services.governance import review_governance_outcome_record, review_governance_submit

# Per framework: (subject, boards, days after the review started, summary, outcome or None,
# days from submission to the outcome, who signed it off, the board's comments).
PLANS = {
    rules.YJS: [
        (
            "ilr-outcome",
            [rules.YJOG],
            0,
            "Outcome of the Initial Learning Review at the Risk Management and Resource Panel, with the "
            "immediate action plan.",
            "noted",
            0,
            "",
            "The group asked for the learning to go to the next team meetings.",
        ),
        (
            "service-managers-report",
            [rules.YJEB],
            1,
            "Quarterly service managers' report, section 4: serious incident action plan.",
            None,
            0,
            "",
            "",
        ),
    ],
    rules.ENGLISH: [
        (
            "rapid-review",
            [rules.PARTNERSHIP_EXECUTIVE, rules.NATIONAL_PANEL],
            0,
            "Rapid review, version 2, agreed by the three statutory partners.",
            "noted",
            0,
            "",
            "",
        ),
        (
            "review-model",
            [rules.PARTNERSHIP_EXECUTIVE],
            1,
            "Independently led workshop with a partner report; costs shared under option 2.",
            "returned",
            1,
            "",
            "Add the cost of legal advice to the estimate and say who chairs the workshop.",
        ),
    ],
    rules.SCOTTISH: [
        (
            "recommendation",
            [rules.CPC],
            0,
            "Recommendation to proceed, with proposed terms of reference.",
            "signed-off",
            0,
            "Dr Elaine Rennie, independent chair of the Child Protection Committee",
            "",
        ),
        (
            "decision",
            [rules.COG, rules.CARE_INSPECTORATE],
            0,
            "Learning Review Decision form and Notification Response form.",
            "noted",
            1,
            "",
            "",
        ),
        (
            "delay",
            [rules.CPC, rules.COG],
            2,
            "Criminal trial in progress: practitioner events wait for the verdict. Revised timescale "
            "attached.",
            None,
            0,
            "",
            "",
        ),
    ],
}


def _member(review, roles):
    membership = (
        Membership.objects.filter(organisation_id=review.lead_organisation_id, role__in=roles)
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    return membership.user if membership else None


def _day(started: date, today: date, days: int) -> date:
    return min(today, started + timedelta(days=days))


def load_demo_data(reviews) -> None:
    today = timezone.localdate()
    for review in reviews:
        plan = PLANS.get(review.incident.framework_version.framework.key)
        if not plan or GovernanceSubmission.objects.filter(review=review).exists():
            continue
        submitter = _member(review, SUBMITTING_ROLES)
        recorder = _member(review, SIGN_OFF_ROLES)
        if submitter is None or recorder is None:
            continue
        started = timezone.localtime(review.started_at).date()
        meeting = board_meetings_of(review).first()
        governance = rules.governance_of(review.incident.framework_version.framework.key)
        has_plan = extensions.action_count(extensions.action_plan_of(review)) > 0
        for subject, boards, after, summary, outcome, within, signed_off_by, comments in plan:
            if governance.subject(subject).action_plan and not has_plan:
                # It goes with the action plan, which the learning demo makes and then sends.
                continue
            submitted_on = _day(started, today, after)
            made = review_governance_submit(
                actor=submitter,
                review=review,
                subject=subject,
                boards=boards,
                submitted_on=submitted_on,
                summary=summary,
                meeting=meeting if outcome is None else None,
            )
            if outcome is None:
                continue
            for submission in made:
                review_governance_outcome_record(
                    actor=recorder,
                    submission=submission,
                    outcome=outcome,
                    outcome_on=min(today, submitted_on + timedelta(days=within)),
                    signed_off_by=signed_off_by,
                    comments=comments,
                )
            if outcome == "returned":
                # What was returned goes back, changed, as a new submission.
                review_governance_submit(
                    actor=submitter,
                    review=review,
                    subject=subject,
                    boards=boards,
                    submitted_on=min(today, submitted_on + timedelta(days=within + 1)),
                    summary=f"{summary} Revised as the board asked.",
                    meeting=meeting,
                )
