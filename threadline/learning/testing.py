"""A review's learning made through the services, for tests of the parts that need it (a stage
that records the action plan, a report that carries it). The browser journey that writes them
through the pages is tests/e2e/test_learning.py; the others only need them to exist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from threadline.core.calendars import calendar_for_organisation

from .models import Action, Finding, Recommendation
from .services.actions import action_create
from .services.findings import finding_add
from .services.recommendations import recommendation_add


@dataclass(frozen=True)
class Plan:
    finding: Finding | None
    good_practice: Finding | None
    recommendation: Recommendation
    action: Action


def make_action_plan(
    *, actor, review, owner, organisation, today: date | None = None, findings: bool = True
) -> Plan:
    """A finding, a piece of good practice, a CLEAR recommendation and one action owned by
    `owner` of `organisation`, due 20 working days after `today` on the owner's calendar.
    `actor` writes learning for the review (its chair or a reviewer). Without `findings`, only
    the recommendation and its action (an action plan made before the review's findings)."""
    today = today or timezone.localdate()
    if not findings:
        return Plan(None, None, *_recommendation_and_action(actor, review, owner, organisation, today, []))
    finding = finding_add(
        actor=actor,
        review=review,
        kind="learning",
        title="Concerns were not shared the same day",
        text="The school's concern about exploitation reached children's services nine days later.",
    )
    good = finding_add(
        actor=actor,
        review=review,
        kind="good-practice",
        title="The youth worker kept in touch",
        text="The youth worker saw the child weekly and recorded the child's own words.",
    )
    return Plan(
        finding, good, *_recommendation_and_action(actor, review, owner, organisation, today, [finding.pk])
    )


def _recommendation_and_action(actor, review, owner, organisation, today, finding_ids):
    calendar = calendar_for_organisation(organisation)
    recommendation = recommendation_add(
        actor=actor,
        review=review,
        title="Share exploitation concerns the same day",
        parts={
            "case_for_change": "Concerns about exploitation took nine days to reach the service "
            "that could act on them.",
            "learning": "Exploitation concerns must reach children's services on the day they arise.",
            "evidence": "The merged chronology shows the school's referral on day one and the "
            "strategy discussion on day ten.",
            "responsibility": "The partnership's education lead and the police exploitation lead.",
            "outcome": "Nine in ten exploitation concerns reach children's services the same day, "
            "measured by a quarterly audit of 20 referrals.",
        },
        finding_ids=finding_ids,
        organisation_ids=[review.lead_organisation_id],
        review_by=calendar.add(today, 120),
        overrides={"no-evidence": "The chronology is still being gathered"},
    )
    action = action_create(
        actor=actor,
        recommendation=recommendation,
        description="Train the duty team in sharing exploitation concerns",
        level="operational",
        owner_organisation=organisation,
        owner=owner,
        due_on=calendar.add(today, 20),
        success_measure="Every duty worker trained by the due date",
        check_back_on=calendar.add(today, 60),
    )
    return recommendation, action
