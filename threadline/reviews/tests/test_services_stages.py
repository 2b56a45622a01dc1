"""Decisions with their rationale, completing a stage only when what it needs is recorded (and
the next deadline running from it), and reopening by the chair with a reason."""

from datetime import date

import pytest

from threadline.core.access import NotAllowed
from threadline.core.models import AuditEvent, Role
from threadline.core.testing import make_person
from threadline.incidents.models import StageCompletion
from threadline.reviews.models import Decision, ReviewStatus, StageReopening
from threadline.reviews.selectors import current_decision, task_list
from threadline.reviews.services import (
    ReviewRuleError,
    review_decision_record,
    review_stage_complete,
    review_stage_reopen,
    stage_record_save,
)

from .conftest import ILR_VALUES, on, plan_actions

pytestmark = pytest.mark.django_db

DECIDED = date(2025, 3, 20)


def decide(actor, review, stage, **changes):
    given = {
        "outcome": "full-learning-review",
        "independence": "independent",
        "rationale": "The exploitation risk was missed by three agencies.",
        "decided_on": DECIDED,
        "decision_makers": "Head of Service for Youth Justice\nHead of Learning Academy",
    }
    return review_decision_record(actor=actor, review=review, stage=stage, **{**given, **changes})


def complete_ilr(actor, review, ilr, day=date(2025, 3, 12)):
    stage_record_save(actor=actor, review=review, stage=ilr, values=ILR_VALUES, base_version=0)
    review_stage_complete(actor=actor, review=review, stage=ilr, done_on=day)


def status_of(review, key, today):
    return next(row for row in task_list(review, today=today) if row.stage.key == key)


# Decisions


def test_a_decision_is_recorded_with_its_outcome_rationale_date_and_makers(manager, review, action_plan):
    with on(DECIDED):
        decision = decide(manager, review, action_plan)
    assert decision.kind == "action-plan-and-decision"
    assert decision.outcome_label == "Full Learning Review needed"
    assert decision.independence_label == "Led by an independent reviewer"
    assert decision.recorded_by == manager
    audit = AuditEvent.objects.get(
        target_type="reviews.review",
        target_id=str(review.pk),
        action="create",
        detail__decision="action-plan-and-decision",
    )
    assert audit.detail["outcome"] == "full-learning-review"


def test_a_decision_without_rationale_is_refused_next_to_the_rationale(manager, review, action_plan):
    with on(DECIDED), pytest.raises(ReviewRuleError) as error:
        decide(manager, review, action_plan, rationale="")
    assert error.value.problems == [("rationale", "Enter the rationale for the decision")]
    assert not Decision.objects.exists()


def test_a_later_decision_replaces_the_current_one_and_both_are_kept(manager, review, action_plan):
    with on(DECIDED):
        decide(manager, review, action_plan)
        decide(manager, review, action_plan, outcome="no-full-learning-review", independence="")
    assert current_decision(review, action_plan).outcome == "no-full-learning-review"
    assert Decision.objects.filter(review=review).count() == 2


def test_only_the_roles_that_complete_the_stage_or_managers_decide(
    organisation, review, action_plan, reviewer, chair
):
    with on(DECIDED):
        with pytest.raises(NotAllowed):
            decide(reviewer, review, action_plan)
        assert decide(chair, review, action_plan).recorded_by == chair


def test_a_stage_that_records_no_decision_refuses_one(manager, review, ilr):
    with on(DECIDED), pytest.raises(ReviewRuleError, match="does not record a decision"):
        decide(manager, review, ilr)


def test_no_full_learning_review_makes_the_full_review_not_needed(manager, review, action_plan):
    with on(DECIDED):
        decide(manager, review, action_plan, outcome="no-full-learning-review", independence="")
    assert status_of(review, "full-learning-review", DECIDED).status.label == "Not needed"


# Completing


def test_completing_is_refused_with_each_missing_part_named(manager, review, ilr):
    stage_record_save(
        actor=manager, review=review, stage=ilr, values={"immediate-actions": "Safety plan"}, base_version=0
    )
    with on(date(2025, 3, 12)), pytest.raises(ReviewRuleError) as error:
        review_stage_complete(actor=manager, review=review, stage=ilr, done_on=date(2025, 3, 12))
    assert error.value.problems == [
        ("meeting-date", "Enter the meeting date"),
        ("chairs", "Enter the co-chairs"),
        ("attendees", "Enter the attendees"),
        ("key-information", "Enter the key information"),
        ("critical-issues", "Enter the critical issues"),
        ("immediate-learning", "Enter the immediate learning"),
    ]
    assert not StageCompletion.objects.filter(incident=review.incident, stage=ilr).exists()


def test_a_decision_stage_is_not_complete_without_its_decision(manager, review, ilr, action_plan):
    with on(date(2025, 3, 12)):
        complete_ilr(manager, review, ilr)
    with on(DECIDED), pytest.raises(ReviewRuleError) as error:
        review_stage_complete(actor=manager, review=review, stage=action_plan, done_on=DECIDED)
    # The action plan is recorded on its own page, not typed into the stage.
    assert error.value.problems == [
        ("action-plan", "Record the action plan on the ‘Action plan’ page"),
        ("decision", "Record the decision"),
    ]
    plan_actions(manager, review)
    with on(DECIDED), pytest.raises(ReviewRuleError) as error:
        review_stage_complete(actor=manager, review=review, stage=action_plan, done_on=DECIDED)
    assert error.value.problems == [("decision", "Record the decision")]


def test_completing_records_the_stage_as_done_on_the_incidents_clock_and_is_audited(manager, review, ilr):
    with on(date(2025, 3, 12)):
        complete_ilr(manager, review, ilr)
        row = status_of(review, "initial-learning-review", date(2025, 3, 12))
    assert row.status.label == "Completed"
    assert row.timeline.done_on == date(2025, 3, 12)
    assert AuditEvent.objects.filter(
        target_type="reviews.review", detail__stage_completed="initial-learning-review"
    ).exists()


def test_the_full_review_is_due_three_months_from_the_decision(manager, review, ilr, action_plan):
    with on(date(2025, 3, 12)):
        complete_ilr(manager, review, ilr)
    with on(DECIDED):
        assert status_of(review, "full-learning-review", DECIDED).status.label == "Cannot start yet"
        plan_actions(manager, review)
        decide(manager, review, action_plan)
        review_stage_complete(actor=manager, review=review, stage=action_plan, done_on=DECIDED)
        row = status_of(review, "full-learning-review", DECIDED)
    assert row.status.label == "Not yet started"
    assert row.deadline.due == date(2025, 6, 20)  # seed 000 §7.7: within 3 months


def test_a_completed_stage_cannot_be_changed_until_it_is_reopened(manager, review, ilr):
    with on(date(2025, 3, 12)):
        complete_ilr(manager, review, ilr)
        with pytest.raises(ReviewRuleError, match="Ask the review chair to reopen it"):
            stage_record_save(actor=manager, review=review, stage=ilr, values=ILR_VALUES, base_version=1)


def test_a_stage_cannot_be_completed_in_the_future(manager, review, ilr):
    stage_record_save(actor=manager, review=review, stage=ilr, values=ILR_VALUES, base_version=0)
    with on(date(2025, 3, 12)), pytest.raises(ReviewRuleError) as error:
        review_stage_complete(actor=manager, review=review, stage=ilr, done_on=date(2025, 3, 13))
    assert error.value.field == "done_on"


def test_a_role_that_does_not_complete_the_stage_cannot(review, ilr, reviewer):
    with pytest.raises(NotAllowed):
        review_stage_complete(actor=reviewer, review=review, stage=ilr, done_on=date(2025, 3, 12))


# Reopening


def test_the_chair_reopens_a_stage_with_a_reason_kept_and_audited(manager, chair, review, ilr):
    with on(date(2025, 3, 12)):
        complete_ilr(manager, review, ilr)
    with on(date(2025, 3, 14)):
        reopening = review_stage_reopen(
            actor=chair, review=review, stage=ilr, reason="The police account came late."
        )
    assert reopening.was_done_on == date(2025, 3, 12)
    assert not StageCompletion.objects.filter(incident=review.incident, stage=ilr).exists()
    assert StageReopening.objects.get().reason == "The police account came late."
    review_rows = AuditEvent.objects.filter(
        target_type="reviews.review", detail__stage_reopened="initial-learning-review"
    )
    incident_rows = AuditEvent.objects.filter(
        target_type="incidents.incident", detail__stage_reopened="initial-learning-review"
    )
    assert (
        review_rows.count() == 1 and incident_rows.get().detail["reason"] == "The police account came late."
    )
    assert status_of(review, "initial-learning-review", date(2025, 3, 14)).status.label == "In progress"


def test_reopening_needs_a_reason(manager, chair, review, ilr):
    with on(date(2025, 3, 12)):
        complete_ilr(manager, review, ilr)
        with pytest.raises(ReviewRuleError) as error:
            review_stage_reopen(actor=chair, review=review, stage=ilr, reason="  ")
    assert error.value.problems == [("reason", "Enter the reason for reopening the stage")]
    assert StageCompletion.objects.filter(incident=review.incident, stage=ilr).exists()


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.PRACTITIONER, Role.TEAM_MEMBER])
def test_only_the_chair_or_a_manager_may_reopen(organisation, manager, review, ilr, role):
    with on(date(2025, 3, 12)):
        complete_ilr(manager, review, ilr)
        with pytest.raises(NotAllowed):
            review_stage_reopen(
                actor=make_person(organisation, role), review=review, stage=ilr, reason="Because"
            )


def test_a_stage_not_complete_cannot_be_reopened(chair, review, ilr):
    with pytest.raises(ReviewRuleError, match="not complete"):
        review_stage_reopen(actor=chair, review=review, stage=ilr, reason="Because")


def test_the_review_is_completed_when_every_stage_is_finished_and_reopened_after(manager, chair, review):
    from threadline.frameworks.selectors import stages_of
    from threadline.reviews.services.governance import review_governance_submit

    stages = {s.key: s for s in stages_of(review.incident.framework_version)}
    day = date(2025, 3, 12)
    with on(day):
        complete_ilr(manager, review, stages["initial-learning-review"], day)
        plan = stages["action-plan-and-decision"]
        plan_actions(manager, review)
        decide(manager, review, plan, outcome="no-full-learning-review", independence="", decided_on=day)
        review_stage_complete(actor=manager, review=review, stage=plan, done_on=day)
        # The boards and the action plan shared with them are recorded on the governance page.
        review_governance_submit(
            actor=manager,
            review=review,
            subject="ilr-outcome",
            boards=["operational-group"],
            submitted_on=day,
        )
        for key in ("learning-shared-with-boards", "understanding-our-learning", "check-back"):
            stage = stages[key]
            values = {
                item: ("2025-03-12" if item.endswith("date") or item == "date-shared" else "Done")
                for item in stage.records
            }
            stage_record_save(actor=manager, review=review, stage=stage, values=values, base_version=0)
            review_stage_complete(actor=manager, review=review, stage=stage, done_on=day)
    review.refresh_from_db()
    assert review.status == ReviewStatus.COMPLETED
    with on(day):
        review_stage_reopen(
            actor=chair, review=review, stage=stages["check-back"], reason="Actions not evidenced"
        )
    review.refresh_from_db()
    assert review.status == ReviewStatus.IN_PROGRESS


def test_the_decision_is_dated_on_the_clock_with_the_day_it_was_made(manager, review, ilr, action_plan):
    with on(date(2025, 3, 12)):
        complete_ilr(manager, review, ilr)
    with on(DECIDED):
        plan_actions(manager, review)
        decide(manager, review, action_plan, decided_on=date(2025, 3, 18))
        review_stage_complete(actor=manager, review=review, stage=action_plan, done_on=DECIDED)
    assert review.incident.clock_events.get(event="decision").on == date(2025, 3, 18)
    assert status_of(review, "full-learning-review", DECIDED).deadline.due == date(2025, 6, 18)


def test_a_decision_not_to_hold_a_full_review_starts_no_clock_for_it(manager, review, ilr, action_plan):
    with on(date(2025, 3, 12)):
        complete_ilr(manager, review, ilr)
    with on(DECIDED):
        plan_actions(manager, review)
        decide(manager, review, action_plan, outcome="no-full-learning-review", independence="")
        review_stage_complete(actor=manager, review=review, stage=action_plan, done_on=DECIDED)
        row = status_of(review, "full-learning-review", DECIDED)
    assert not review.incident.clock_events.filter(event="decision").exists()
    assert row.status.label == "Not needed" and row.deadline is None


def test_a_board_member_completing_an_english_decision_dates_it_on_completion(organisation, manager):
    from threadline.incidents.tests.builders import ENGLISH, framework_version, stage_of
    from threadline.reviews.services import review_start

    from .conftest import notified

    english = framework_version(ENGLISH)
    incident = notified(manager, organisation, english)
    board = make_person(organisation, Role.GOVERNANCE_BOARD_MEMBER, full_name="Bea Board")
    with on(DECIDED):
        review = review_start(actor=manager, incident=incident)
        decision_stage = stage_of(english, "decision")
        stage_record_save(
            actor=manager,
            review=review,
            stage=decision_stage,
            values={"criteria-considered": "Two agencies", "communicated-to-family": "By letter"},
            base_version=0,
        )
        decide(
            board,
            review,
            decision_stage,
            outcome="local-review",
            independence="",
            decided_on=date(2025, 3, 18),
        )
        review_stage_complete(actor=board, review=review, stage=decision_stage, done_on=DECIDED)
        report = status_of(review, "final-report", DECIDED)
    assert incident.clock_events.get(event="decision").on == DECIDED
    assert report.deadline.due == date(2025, 9, 20)  # seed 001 §2.7.6: within 6 months of the decision
