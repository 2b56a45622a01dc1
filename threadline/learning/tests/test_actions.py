# ruff: noqa: F811
"""Actions (issue 7 item 3): the status machine, overdue in working days on the owner's
calendar, the date rules, and who may create, see and check them."""

from datetime import date

import pytest
from django.http import Http404

from threadline.core.access import NotAllowed
from threadline.core.domain.working_days import Nation, calendar_for
from threadline.core.models import AuditAction, AuditEvent, Role
from threadline.core.testing import make_person
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.tests.conftest import chair, incident, on, review, yjs  # noqa: F401

from ..domain import actions as rules
from ..models import Action, ActionStatus
from ..selectors.actions import action_for, open_actions_of
from ..services.actions import action_check_back, action_evidence_confirm, action_remove
from ..services.updates import action_update_post
from .fixtures_actions import (  # noqa: F401
    action,
    make_action,
    partner_colleague,
    partner_lead,
    partner_owner,
    recommendation,
)

ENGLAND = calendar_for(Nation.ENGLAND_AND_WALES)

# --- the domain


def test_the_owner_moves_forward_and_may_go_back_from_done_only():
    assert rules.owner_can_move("not-started", "in-progress")
    assert rules.owner_can_move("in-progress", "done")
    assert rules.owner_can_move("done", "in-progress")
    assert not rules.owner_can_move("in-progress", "not-started")
    assert not rules.owner_can_move("done", "evidenced")
    assert "chair or a manager" in rules.owner_move_problem("done", "evidenced")
    assert "no longer be changed" in rules.owner_move_problem("evidenced", "in-progress")


def test_only_a_checker_evidences_and_checks_back_in_order():
    assert rules.checker_can_move("done", "evidenced")
    assert rules.checker_can_move("evidenced", "checked-back")
    assert not rules.checker_can_move("in-progress", "evidenced")
    assert not rules.checker_can_move("done", "checked-back")
    assert "from 1 July 2025" in rules.check_back_problem("evidenced", date(2025, 7, 1), date(2025, 6, 30))
    assert rules.check_back_problem("evidenced", date(2025, 7, 1), date(2025, 7, 1)) is None
    assert "confirmed" in rules.check_back_problem("done", date(2025, 7, 1), date(2025, 8, 1))


def test_overdue_only_after_a_whole_working_day_past_the_due_date_with_easter_in_the_way():
    # Due Thursday 17 April 2025; Good Friday and Easter Monday are bank holidays in England.
    due = date(2025, 4, 17)
    on_easter_monday = rules.overdue_state(
        status="in-progress", due_on=due, today=date(2025, 4, 21), calendar=ENGLAND
    )
    assert not on_easter_monday.overdue and on_easter_monday.working_days_left == 0
    tuesday = rules.overdue_state(status="in-progress", due_on=due, today=date(2025, 4, 22), calendar=ENGLAND)
    assert tuesday.overdue and tuesday.working_days_late == 1
    evidenced = rules.overdue_state(status="evidenced", due_on=due, today=date(2025, 5, 22), calendar=ENGLAND)
    assert not evidenced.overdue
    done = rules.overdue_state(status="done", due_on=due, today=date(2025, 4, 22), calendar=ENGLAND)
    assert done.overdue  # awaiting the evidence check is still open


def test_date_rules():
    started = date(2025, 3, 4)
    problems = dict(
        rules.date_problems(
            due_on=date(2025, 3, 1),
            check_back_on=date(2025, 2, 1),
            review_started_on=started,
            today=date(2025, 3, 20),
            calendar=ENGLAND,
        )
    )
    assert problems["due_on"] == "The due date must be on or after the day the review started, 4 March 2025"
    assert problems["check_back_on"] == "The check-back date must be on or after the due date"
    weekend = dict(
        rules.date_problems(
            due_on=date(2025, 4, 18),
            check_back_on=date(2025, 5, 1),
            review_started_on=started,
            today=date(2025, 3, 20),
            calendar=ENGLAND,
        )
    )
    assert weekend["due_on"] == "18 April 2025 is not a working day: choose a working day"
    past = dict(
        rules.date_problems(
            due_on=date(2025, 3, 10),
            check_back_on=date(2025, 5, 1),
            review_started_on=started,
            today=date(2025, 3, 20),
            calendar=ENGLAND,
        )
    )
    assert past["due_on"] == "The due date must be today or in the future"


# --- the services


@pytest.mark.django_db
def test_an_action_is_created_owned_across_agencies_and_audited(
    action, partner_owner, other_organisation, review
):
    assert action.status == ActionStatus.NOT_STARTED
    assert action.owner == partner_owner and action.owner_organisation == other_organisation
    detail = (
        AuditEvent.objects.filter(target_id=str(review.pk), action=AuditAction.CREATE)
        .order_by("pk")
        .last()
        .detail
    )
    assert detail["action"] == action.pk and detail["due_on"] == "2025-04-17"
    assert "Train" not in str(detail)


@pytest.mark.django_db
def test_an_action_due_before_the_review_started_is_refused(
    manager, recommendation, partner_owner, other_organisation
):
    with pytest.raises(ReviewRuleError) as refused:
        make_action(manager, recommendation, partner_owner, other_organisation, due_on=date(2025, 3, 3))
    assert (
        "due_on",
        "The due date must be on or after the day the review started, 4 March 2025",
    ) in refused.value.problems
    assert not Action.objects.exists()


@pytest.mark.django_db
def test_the_owner_must_work_for_the_owning_organisation(
    manager, recommendation, partner_owner, organisation
):
    with pytest.raises(ReviewRuleError) as refused:
        make_action(manager, recommendation, partner_owner, organisation)
    assert refused.value.problems == [
        ("owner", "Choose a person who works for Northbridge Youth Justice Service")
    ]


@pytest.mark.django_db
def test_someone_who_may_not_write_learning_cannot_create(
    recommendation, partner_owner, other_organisation, organisation
):
    practitioner = make_person(organisation, Role.PRACTITIONER)
    with pytest.raises(NotAllowed):
        make_action(practitioner, recommendation, partner_owner, other_organisation)


@pytest.mark.django_db
def test_the_owner_sees_their_action_without_seeing_the_review_and_an_outsider_gets_404(
    action, partner_owner, partner_colleague
):
    assert action_for(partner_owner, action.pk) == action
    from threadline.core.testing import outsider

    stranger = outsider(Role.SERVICE_MANAGER)
    with pytest.raises(Http404):
        action_for(stranger, action.pk)
    assert AuditEvent.objects.filter(actor=stranger, action=AuditAction.PERMISSION_DENIED).exists()
    # A colleague in the owning organisation without a managing role is found nowhere either.
    with pytest.raises(Http404):
        action_for(partner_colleague, action.pk)


@pytest.mark.django_db
def test_a_colleague_without_the_role_cannot_post_on_someone_elses_action(action, manager, partner_colleague):
    # The review's manager can see the action but is not its owner nor of the owning organisation.
    with pytest.raises(NotAllowed), on(date(2025, 3, 25)):
        action_update_post(actor=manager, action=action, text="Done it")
    with pytest.raises(NotAllowed), on(date(2025, 3, 25)):
        action_update_post(actor=partner_colleague, action=action, text="Done it")
    assert not action.updates.exists()


@pytest.mark.django_db
def test_the_whole_life_of_an_action(action, partner_owner, partner_lead, chair, manager):
    with on(date(2025, 3, 25)):
        action_update_post(actor=partner_owner, action=action, text="Sessions booked", status="in-progress")
    with on(date(2025, 4, 10)):
        action_update_post(actor=partner_lead, action=action, text="All trained", status="done")
    action.refresh_from_db()
    with pytest.raises(ReviewRuleError, match="checked back only once"), on(date(2025, 7, 2)):
        action_check_back(actor=chair, action=action)
    with pytest.raises(NotAllowed), on(date(2025, 4, 11)):
        action_evidence_confirm(actor=partner_owner, action=action)
    with on(date(2025, 4, 11)):
        action_evidence_confirm(actor=chair, action=action)
    action.refresh_from_db()
    assert action.status == ActionStatus.EVIDENCED
    with pytest.raises(ReviewRuleError, match="from 1 July 2025"), on(date(2025, 6, 30)):
        action_check_back(actor=manager, action=action)
    with on(date(2025, 7, 1)):
        action_check_back(actor=manager, action=action)
    action.refresh_from_db()
    assert action.status == ActionStatus.CHECKED_BACK
    assert [u.status_after for u in action.updates.all()] == [
        "in-progress",
        "done",
        "evidenced",
        "checked-back",
    ]


@pytest.mark.django_db
def test_my_open_actions_put_overdue_first(
    manager, recommendation, partner_owner, other_organisation, action
):
    later = make_action(manager, recommendation, partner_owner, other_organisation, due_on=date(2025, 5, 1))
    earlier = make_action(manager, recommendation, partner_owner, other_organisation, due_on=date(2025, 4, 1))
    with on(date(2025, 4, 22)):
        found = open_actions_of(partner_owner, today=date(2025, 4, 22))
    assert [r.action for r in found] == [earlier, action, later]
    assert [r.overdue for r in found] == [True, True, False]
    with on(date(2025, 4, 22)):
        action_remove(actor=manager, action=later, reason="Duplicate")
    assert later not in [r.action for r in open_actions_of(partner_owner, today=date(2025, 4, 22))]
