# ruff: noqa: F811
"""Chasing actions: reminders, escalations in working days (Easter and the early May bank
holiday 2025 in the way, England), the boards' digest once a month, the sweep's queue and the
in-app list. The action is due on Thursday 17 April 2025, the day before Good Friday."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from threadline.core.calendars import calendar_for_organisation
from threadline.core.models import AuditEvent, Role
from threadline.core.testing import make_person
from threadline.reviews.tests.conftest import incident, on, review, yjs  # noqa: F401

from ..domain import chasing as rules
from ..models import Action, ActionReminderSent, ActionStatus, BoardDigestSent
from ..services.chasing import action_chases_send, board_digests_send
from .fixtures_actions import action, make_action, partner_owner, recommendation  # noqa: F401, F811

DUE = date(2025, 4, 17)


@pytest.fixture
def owner_manager(other_organisation):
    return make_person(
        other_organisation, Role.SERVICE_MANAGER, full_name="Sam Southport", email="sm@south.example.test"
    )


@pytest.fixture
def board_member(organisation):
    return make_person(
        organisation, Role.GOVERNANCE_BOARD_MEMBER, full_name="Bea Board", email="board@north.example.test"
    )


def sweep(day: date):
    with on(day):
        return action_chases_send(today=day)


def kinds(rows):
    return [row.kind for row in rows]


# --- domain


@pytest.mark.django_db
def test_chases_fall_in_working_days_around_easter(organisation):
    calendar = calendar_for_organisation(organisation)

    def due(day):
        return [
            c.kind for c in rules.chases_due(status="in-progress", due_on=DUE, today=day, calendar=calendar)
        ]

    assert due(date(2025, 4, 9)) == []  # 6 working days before
    assert due(date(2025, 4, 10)) == [rules.DUE_SOON]  # 5 working days before
    assert due(date(2025, 4, 16)) == [rules.DUE_SOON]
    assert due(DUE) == [rules.DUE_TODAY]
    assert due(date(2025, 4, 18)) == [rules.DUE_TODAY]  # Good Friday: not late yet
    assert due(date(2025, 4, 21)) == [rules.DUE_TODAY]  # Easter Monday: still not late
    assert due(date(2025, 4, 22)) == [rules.OVERDUE_MANAGERS]  # late by 1 working day
    assert due(date(2025, 5, 5)) == [rules.OVERDUE_MANAGERS]  # early May bank holiday: 9 late
    assert due(date(2025, 5, 6)) == [rules.OVERDUE_MANAGERS, rules.OVERDUE_BOARD]  # 10 late
    assert rules.chases_due(status="evidenced", due_on=DUE, today=date(2025, 5, 6), calendar=calendar) == []


@pytest.mark.django_db
def test_the_first_working_day_of_the_month_skips_a_bank_holiday(organisation):
    calendar = calendar_for_organisation(organisation)
    assert rules.first_working_day_of_month(2025, 1, calendar) == date(2025, 1, 2)
    assert rules.first_working_day_of_month(2025, 6, calendar) == date(2025, 6, 2)
    assert not rules.digest_due(today=date(2025, 1, 1), calendar=calendar)
    assert rules.digest_due(today=date(2025, 1, 2), calendar=calendar)
    assert rules.first_weekday_of_next_month(date(2025, 5, 14)) == date(2025, 6, 2)


# --- reminders and escalations


@pytest.mark.django_db
def test_the_owner_is_reminded_five_working_days_before_and_on_the_due_date_once_each(action, settings):
    settings.THREADLINE_BASE_URL = "https://threadline.example.test"
    assert sweep(date(2025, 4, 9)) == []
    assert kinds(sweep(date(2025, 4, 10))) == [rules.DUE_SOON]
    assert sweep(date(2025, 4, 10)) == [] and sweep(date(2025, 4, 11)) == []
    (message,) = mail.outbox
    child = action.review.incident.child
    assert message.to == ["owner@example.test"]
    reference = action.review.incident.reference
    assert (
        message.subject
        == f"Threadline: an action for {reference} ({child.pseudonym}) is due in 5 working days"
    )
    assert "It is due in 5 working days, on 17 April 2025." in message.body
    assert f"https://threadline.example.test/learning/actions/{action.pk}/" in message.body
    assert child.full_name not in message.body and child.full_name not in message.subject
    assert kinds(sweep(DUE)) == [rules.DUE_TODAY]
    assert mail.outbox[-1].subject.endswith("is due today")
    assert sweep(date(2025, 4, 21)) == []
    event = AuditEvent.objects.filter(target_type="learning.actionremindersent").latest("pk")
    assert event.actor is None and event.detail["recipients"] == 1 and event.detail["kind"] == rules.DUE_TODAY
    assert "owner@example.test" not in str(event.detail)


@pytest.mark.django_db
def test_an_overdue_action_escalates_to_managers_then_the_board(action, owner_manager, board_member, manager):
    sweep(date(2025, 4, 10))
    sweep(DUE)
    mail.outbox.clear()
    assert sweep(date(2025, 4, 21)) == []  # Easter Monday: not late yet
    assert kinds(sweep(date(2025, 4, 22))) == [rules.OVERDUE_MANAGERS]
    (message,) = mail.outbox
    assert message.to == ["sm@south.example.test"]  # the owning organisation's managers only
    assert "overdue by 1 working day" in message.subject
    assert "a service manager at Southport Youth Justice Service" in message.body
    assert sweep(date(2025, 5, 5)) == []  # 9 working days late: the board waits
    assert kinds(sweep(date(2025, 5, 6))) == [rules.OVERDUE_BOARD]
    assert mail.outbox[-1].to == ["board@north.example.test"]
    assert "overdue by 10 working days" in mail.outbox[-1].subject
    assert "governance board member at Northbridge Youth Justice Service" in mail.outbox[-1].body
    assert sweep(date(2025, 5, 7)) == []


@pytest.mark.django_db
def test_a_changed_due_date_is_chased_afresh_and_a_closed_action_not_at_all(action, owner_manager):
    sweep(date(2025, 4, 10))
    Action.objects.filter(pk=action.pk).update(due_on=date(2025, 5, 1))
    assert sweep(date(2025, 4, 22)) == []  # 7 working days before the new date
    assert kinds(sweep(date(2025, 4, 24))) == [rules.DUE_SOON]
    assert ActionReminderSent.objects.filter(action=action, kind=rules.DUE_SOON).count() == 2
    Action.objects.filter(pk=action.pk).update(status=ActionStatus.EVIDENCED)
    assert sweep(date(2025, 5, 20)) == []


@pytest.mark.django_db
def test_no_manager_means_nothing_recorded_so_it_goes_when_one_joins(action, other_organisation):
    assert kinds(sweep(date(2025, 4, 22))) == []  # no service manager at the owning organisation
    make_person(other_organisation, Role.SERVICE_MANAGER, email="late@south.example.test")
    assert kinds(sweep(date(2025, 4, 23))) == [rules.OVERDUE_MANAGERS]


# --- the boards' digest


@pytest.mark.django_db
def test_the_digest_lists_open_actions_by_review_overdue_first_once_a_month(
    manager, recommendation, partner_owner, other_organisation, board_member, settings
):
    settings.THREADLINE_BASE_URL = "https://threadline.example.test"
    late = make_action(manager, recommendation, partner_owner, other_organisation, description="Late one")
    make_action(
        manager,
        recommendation,
        partner_owner,
        other_organisation,
        due_on=date(2025, 6, 20),
        description="Later",
    )
    closed = make_action(manager, recommendation, partner_owner, other_organisation, due_on=date(2025, 4, 1))
    Action.objects.filter(pk=closed.pk).update(status=ActionStatus.EVIDENCED)
    with on(date(2025, 5, 1)):
        (row,) = board_digests_send(today=date(2025, 5, 1))
        assert board_digests_send(today=date(2025, 5, 1)) == []
    with on(date(2025, 5, 20)):
        assert board_digests_send(today=date(2025, 5, 20)) == []
    assert row.actions == 2 and row.month == date(2025, 5, 1)
    (message,) = mail.outbox
    assert message.to == ["board@north.example.test"]
    assert "2 open actions" in message.subject and "1 overdue" in message.subject
    body = message.body
    child = late.review.incident.child
    assert f"Review of {late.review.incident.reference} ({child.pseudonym})" in body
    assert body.index("OVERDUE by 8 working days") < body.index(
        "Due: Southport Youth Justice Service, due 20 June"
    )
    assert f"https://threadline.example.test/learning/actions/{late.pk}/" in body
    assert f"/learning/actions/{closed.pk}/" not in body
    assert child.full_name not in body
    event = AuditEvent.objects.get(target_type="learning.boarddigestsent")
    assert event.detail == {"month": "2025-05-01", "reviews": 1, "actions": 2, "overdue": 1, "recipients": 1}
    with on(date(2025, 6, 2)):
        assert len(board_digests_send(today=date(2025, 6, 2))) == 1
    assert BoardDigestSent.objects.count() == 2


@pytest.mark.django_db
def test_no_digest_before_the_first_working_day(action, board_member):
    with on(date(2025, 6, 1)):  # a Sunday
        assert board_digests_send(today=date(2025, 6, 1)) == []


# --- the queue


@pytest.mark.django_db
def test_schedule_only_queues_the_sweep_and_digest_once(action):
    with on(date(2025, 4, 10)):
        call_command("send_action_reminders", "--schedule-only", stdout=open("/dev/null", "w"))
        call_command("send_action_reminders", "--schedule-only", stdout=open("/dev/null", "w"))
    waiting = DBTaskResult.objects.filter(status="READY").order_by("task_path")
    assert [(w.task_path.rsplit(".", 1)[1], w.run_after.isoformat()) for w in waiting] == [
        ("send_action_reminders", "2025-04-11T06:30:00+00:00"),
        ("send_board_digests", "2025-05-01T06:30:00+00:00"),
    ]
    assert ActionReminderSent.objects.count() == 0 and mail.outbox == []


@pytest.mark.django_db
def test_the_command_sends_and_the_sweep_task_queues_the_next(action):
    from io import StringIO

    out = StringIO()
    with on(date(2025, 4, 10)):
        call_command("send_action_reminders", stdout=out)
    assert "1 reminder and 0 digests sent" in out.getvalue()
    assert len(mail.outbox) == 1


# --- the in-app list


@pytest.mark.django_db
def test_the_board_sees_overdue_actions_of_its_reviews_and_who_was_told(
    client, action, board_member, owner_manager
):
    sweep(date(2025, 4, 22))
    client.force_login(board_member)
    with on(date(2025, 4, 23)):
        page = client.get(reverse("learning:chasing"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Train the duty team" in html and "2 working days" in html and "Service managers" in html
    assert action.review.incident.child.pseudonym in html
    assert action.review.incident.child.full_name not in html


@pytest.mark.django_db
def test_the_list_is_empty_for_other_roles_and_before_the_due_date(
    client, action, board_member, partner_owner
):
    client.force_login(partner_owner)
    with on(date(2025, 4, 23)):
        page = client.get(reverse("learning:chasing"))
    assert (
        page.status_code == 200 and "There are no overdue actions for you to follow" in page.content.decode()
    )
    client.force_login(board_member)
    with on(date(2025, 4, 16)):
        page = client.get(reverse("learning:chasing"))
    assert "There are no overdue actions for you to follow" in page.content.decode()


@pytest.mark.django_db
def test_the_tasks_send_and_queue_their_next_runs(action, board_member):
    from ..tasks import send_action_reminders, send_board_digests

    with on(date(2025, 4, 10)):
        assert send_action_reminders.call() == 1
    with on(date(2025, 5, 1)):
        assert send_board_digests.call() == 1
    waiting = DBTaskResult.objects.filter(status="READY").order_by("task_path")
    assert [(w.task_path.rsplit(".", 1)[1], w.run_after.isoformat()) for w in waiting] == [
        ("send_action_reminders", "2025-04-11T06:30:00+00:00"),
        ("send_board_digests", "2025-06-02T06:30:00+00:00"),
    ]
