# ruff: noqa: F811
"""The review's stages show the learning from its own pages (item 6: the action plan is always
part of the review): findings, good practice, recommendations, the action plan and the measures
of embedding, and a stage that lists them cannot be completed until they are recorded there."""

from datetime import date

import pytest

from threadline.frameworks.selectors import stages_of
from threadline.incidents.tests.builders import LOCAL, framework_version
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.selectors.recorded import recorded_elsewhere
from threadline.reviews.services import review_stage_complete, review_start
from threadline.reviews.tests.conftest import chair, incident, notified, on, plan_actions, review, yjs  # noqa: F401

from ..selectors.recorded import recorded_items
from ..services.actions import action_remove
from ..services.measures import embed_measure_add

pytestmark = pytest.mark.django_db


def test_nothing_is_recorded_before_the_learning_is_written(review):
    found = recorded_items(review)
    assert not any(found.values())
    assert recorded_elsewhere(review, ["findings", "action-plan", "audit-of-progress"]) == {}


def test_the_stage_items_summarise_the_findings_recommendations_and_action_plan(
    manager, organisation, review
):
    plan_actions(manager, review)
    with on(date(2025, 3, 21)):
        found = recorded_elsewhere(review)
    assert found["findings"] == "1 finding: Concerns were not shared the same day"
    assert found["good-practice"] == "1 piece of good practice: The youth worker kept in touch"
    assert (
        found["recommendations"]
        == found["clear-strategies"]
        == ("1 recommendation: Share exploitation concerns the same day")
    )
    assert found["action-plan"] == f"1 action owned by 1 organisation ({organisation.name})"
    assert "audit-of-progress" not in found


def test_a_removed_action_leaves_the_action_plan_unrecorded(manager, review):
    plan = plan_actions(manager, review)
    with on(date(2025, 3, 21)):
        action_remove(actor=manager, action=plan.action, reason="Made twice")
    assert "action-plan" not in recorded_elsewhere(review)


def test_overdue_and_closed_actions_are_counted(manager, organisation, review):
    plan_actions(manager, review)
    with on(date(2025, 12, 1)):
        assert recorded_items(review)["action-plan"].endswith("; 1 overdue")


def test_the_measures_of_embedding_fill_the_embed_items(manager, review):
    plan = plan_actions(manager, review)
    with on(date(2025, 9, 1)):
        for kind, name, result, day, shows in (
            ("indicator", "Referrals screened", "61%", date(2025, 6, 1), "not-yet"),
            ("indicator", "Referrals screened", "88%", date(2025, 8, 1), "changed"),
            ("audit", "Case file audit", "Good", date(2025, 7, 1), "partly"),
        ):
            embed_measure_add(
                actor=manager,
                action=plan.action,
                kind=kind,
                name=name,
                measured_on=day,
                result=result,
                shows=shows,
            )
    found = recorded_elsewhere(review)
    assert (
        found["performance-indicators"]
        == "Referrals screened: 88% on 1 August 2025 (61% → 88%, up 27 points)"
    )
    assert found["audit-activity"] == "Case file audit: Good on 1 July 2025"
    assert found["changes-to-practice-seen"] == (
        "Practice has changed: 1 measure; Practice has partly changed: 1 measure"
    )
    assert found["audit-of-progress"].startswith("2 measures of 1 action, the latest on 1 August 2025")


def test_the_local_boards_review_phase_needs_its_recommendations_and_action_plan(manager, organisation):
    with on(date(2025, 3, 4)):
        review = review_start(
            actor=manager, incident=notified(manager, organisation, framework_version(LOCAL))
        )
    phase = next(s for s in stages_of(review.incident.framework_version) if s.key == "review")
    with on(date(2025, 3, 20)), pytest.raises(ReviewRuleError) as error:
        review_stage_complete(actor=manager, review=review, stage=phase, done_on=date(2025, 3, 20))
    assert ("recommendations", "Record the recommendations on the ‘Findings and recommendations’ page") in (
        error.value.problems
    )
    assert ("action-plan", "Record the action plan on the ‘Action plan’ page") in error.value.problems
    plan_actions(manager, review)
    with on(date(2025, 3, 20)), pytest.raises(ReviewRuleError) as error:
        review_stage_complete(actor=manager, review=review, stage=phase, done_on=date(2025, 3, 20))
    assert [field for field, _ in error.value.problems] == ["action-plan-owner"]
