"""Reminders of a chronology's due date (issue 6 item 1): two working days before and on the first
working day after it is missed, on the lead organisation's calendar, once each, to the agency's
partner agency leads (or its service managers), by a daily sweep. The e-mails never name the child.

Midshire Police's chronology is due Monday 7 April 2025 (fixtures_requests)."""

# ruff: noqa: F811 — the fixtures imported from other modules are used by name, as arguments

from datetime import date, datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from threadline.chronologies.domain.reminders import DUE_SOON, MISSED, DueReminder, reminder_due
from threadline.chronologies.models import ChronologyReminderSent
from threadline.chronologies.services.reminders import chronology_reminders_send
from threadline.chronologies.services.requests import chronology_request_change, chronology_request_withdraw
from threadline.chronologies.services.versions import chronology_submit
from threadline.chronologies.tasks import send_chronology_reminders, sweep_ensure_by
from threadline.core.domain.working_days import calendar_for
from threadline.core.models import AuditEvent, Role
from threadline.core.testing import make_organisation, make_person
from threadline.incidents.tests.builders import CHILD_NAME, london
from threadline.reviews.tests.conftest import chair, incident, on, review, reviewer, yjs  # noqa: F401

from .fixtures_requests import (  # noqa: F401
    DUE_ON,
    PERIOD_FROM,
    PERIOD_TO,
    add,
    ask,
    chronology,
    police,
    police_lead,
    police_officer,
)

TASK_PATH = "threadline.chronologies.tasks.send_chronology_reminders"
ENGLAND = calendar_for("england")


# --- which reminder is due (pure)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 4, 2), None),  # three working days left
        (date(2025, 4, 3), DueReminder(DUE_SOON, DUE_ON, working_days_left=2)),
        (date(2025, 4, 4), DueReminder(DUE_SOON, DUE_ON, working_days_left=1)),
        (date(2025, 4, 5), None),  # Saturday
        (date(2025, 4, 6), None),  # Sunday
        (date(2025, 4, 7), DueReminder(DUE_SOON, DUE_ON, working_days_left=0)),
        (date(2025, 4, 8), DueReminder(MISSED, DUE_ON, working_days_late=1)),
        (date(2025, 4, 14), DueReminder(MISSED, DUE_ON, working_days_late=5)),
        (date(2025, 4, 15), None),  # missed too long ago to announce
    ],
)
def test_reminders_fall_in_working_days_around_the_due_date(today, expected):
    assert reminder_due(due_on=DUE_ON, today=today, calendar=ENGLAND) == expected


def test_easter_moves_the_reminders_in_working_days():
    # Due Tuesday 22 April 2025: Good Friday and Easter Monday are not working days, so two
    # working days before is Wednesday 16 April, not Friday 18 April.
    due = date(2025, 4, 22)
    assert reminder_due(due_on=due, today=date(2025, 4, 15), calendar=ENGLAND) is None
    assert reminder_due(due_on=due, today=date(2025, 4, 16), calendar=ENGLAND).working_days_left == 2
    assert reminder_due(due_on=due, today=date(2025, 4, 18), calendar=ENGLAND) is None
    # Due Thursday 17 April: missed on Tuesday 22 April, the first working day after it.
    missed = date(2025, 4, 17)
    assert reminder_due(due_on=missed, today=date(2025, 4, 18), calendar=ENGLAND) is None
    assert reminder_due(due_on=missed, today=date(2025, 4, 21), calendar=ENGLAND) is None
    assert reminder_due(due_on=missed, today=date(2025, 4, 22), calendar=ENGLAND) == DueReminder(
        MISSED, missed, working_days_late=1
    )


def test_a_due_date_outside_the_calendar_has_no_reminder():
    assert reminder_due(due_on=date(2099, 1, 1), today=date(2025, 4, 3), calendar=ENGLAND) is None


# --- sending


def sweep(day: date, hour: int = 7):
    with time_machine.travel(london(day.year, day.month, day.day, hour, 0), tick=False):
        return chronology_reminders_send(today=timezone.localdate())


@pytest.fixture
def base_url(settings):
    settings.THREADLINE_BASE_URL = "https://threadline.example.test"


@pytest.mark.django_db
def test_two_working_days_before_the_agency_lead_gets_one_email_naming_no_child(
    base_url, police_lead, police_officer, review, chronology
):
    assert sweep(date(2025, 4, 2)) == []
    sent = sweep(date(2025, 4, 3))
    assert [(r.kind, r.due_on) for r in sent] == [("due-soon", DUE_ON)]
    (message,) = mail.outbox
    assert message.to == ["lead@police.example.test"]
    reference = review.incident.reference
    assert message.subject == f"Threadline: the chronology for {reference} is due in 2 working days"
    body = message.body
    assert f"asked Midshire Police for its chronology for the review of incident {reference}" in body
    assert "due on Monday 7 April 2025: 2 working days from today" in body
    assert f"https://threadline.example.test/chronologies/{chronology.pk}/" in body
    assert CHILD_NAME not in body and CHILD_NAME not in message.subject
    assert review.incident.child.pseudonym not in body
    event = AuditEvent.objects.get(target_type="chronologies.chronologyremindersent")
    assert event.actor is None and event.detail["recipients"] == ["lead@police.example.test"]
    assert event.organisation_id == chronology.organisation_id


@pytest.mark.django_db
def test_each_reminder_goes_once_and_the_missed_one_the_first_working_day_after(police_lead, chronology):
    assert len(sweep(date(2025, 4, 3))) == 1
    assert sweep(date(2025, 4, 3), hour=15) == []  # the same day again
    assert sweep(date(2025, 4, 4)) == []  # due-soon already sent for this due date
    assert sweep(date(2025, 4, 7)) == []
    missed = sweep(date(2025, 4, 8))
    assert [r.kind for r in missed] == ["missed"]
    assert mail.outbox[-1].subject.endswith("was due on Monday 7 April 2025")
    assert "has not been submitted" in mail.outbox[-1].body
    assert sweep(date(2025, 4, 9)) == []
    assert len(mail.outbox) == 2
    assert ChronologyReminderSent.objects.filter(chronology=chronology).count() == 2


@pytest.mark.django_db
def test_a_sweep_that_missed_its_day_catches_up_while_the_date_is_not_passed(police_lead, chronology):
    assert [r.kind for r in sweep(date(2025, 4, 4))] == ["due-soon"]
    assert "is due in 1 working day" in mail.outbox[0].subject


@pytest.mark.django_db
def test_a_submitted_or_withdrawn_chronology_gets_no_reminder(manager, police_lead, review, chronology):
    add(police_lead, chronology)
    with on(date(2025, 4, 2)):
        chronology_submit(actor=police_lead, chronology=chronology)
    assert sweep(date(2025, 4, 3)) == [] and sweep(date(2025, 4, 8)) == []
    other = make_organisation("Northbridge Schools Service", type="education")
    make_person(other, Role.PARTNER_AGENCY_LEAD, email="schools@example.test")
    (schools,) = ask(manager, review, [other])
    with on(date(2025, 4, 2)):
        chronology_request_withdraw(actor=manager, chronology=schools, reason="Not involved after all")
    assert sweep(date(2025, 4, 3)) == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_new_due_date_earns_its_own_reminders(manager, police_lead, chronology):
    assert len(sweep(date(2025, 4, 3))) == 1
    with on(date(2025, 4, 3)):
        chronology_request_change(
            actor=manager,
            chronology=chronology,
            period_from=PERIOD_FROM,
            period_to=PERIOD_TO,
            due_on=date(2025, 4, 14),
        )
    assert sweep(date(2025, 4, 8)) == []  # the old date passed, but it is no longer the due date
    assert [(r.kind, r.due_on) for r in sweep(date(2025, 4, 10))] == [("due-soon", date(2025, 4, 14))]


@pytest.mark.django_db
def test_an_agency_without_a_lead_reminds_its_service_managers(police, police_officer, chronology):
    make_person(police, Role.SERVICE_MANAGER, email="superintendent@police.example.test")
    sweep(date(2025, 4, 3))
    assert [m.to for m in mail.outbox] == [["superintendent@police.example.test"]]
    assert "it comes to you as a service manager" in mail.outbox[0].body


@pytest.mark.django_db
def test_an_agency_with_nobody_to_tell_is_tried_again_later(police_officer, chronology, police):
    assert sweep(date(2025, 4, 3)) == []
    assert not ChronologyReminderSent.objects.exists()
    make_person(police, Role.PARTNER_AGENCY_LEAD, email="newlead@police.example.test")
    assert len(sweep(date(2025, 4, 4))) == 1


# --- the daily sweep and the command


def queued_sweeps():
    return sorted(
        timezone.localtime(r.run_after).replace(tzinfo=None)
        for r in DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY")
    )


@pytest.mark.django_db
def test_the_task_sends_and_queues_the_next_weekdays_sweep_once(police_lead, chronology):
    DBTaskResult.objects.all().delete()
    with time_machine.travel(london(2025, 4, 4, 7, 0), tick=False):  # a Friday
        assert send_chronology_reminders.call() == 1
        assert send_chronology_reminders.call() == 0
    assert queued_sweeps() == [datetime(2025, 4, 7, 7, 0)]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_asking_for_a_chronology_queues_the_sweep_unless_one_is_waiting(
    manager, review, police, django_capture_on_commit_callbacks
):
    DBTaskResult.objects.all().delete()
    with on(date(2025, 3, 10)), django_capture_on_commit_callbacks(execute=True):
        ask(manager, review, [police])
    assert queued_sweeps() == [datetime(2025, 3, 11, 7, 0)]
    with time_machine.travel(london(2025, 3, 10, 15, 0), tick=False):
        assert sweep_ensure_by(london(2025, 3, 11, 7, 0)) is False


@pytest.mark.django_db
def test_the_command_sends_lists_and_schedules(police_lead, review, chronology):
    DBTaskResult.objects.all().delete()
    reference = review.incident.reference
    out = StringIO()
    with time_machine.travel(london(2025, 4, 3, 8, 0), tick=False):
        call_command("send_chronology_reminders", "--dry-run", stdout=out)
        assert mail.outbox == []
        call_command("send_chronology_reminders", stdout=out)
        call_command("send_chronology_reminders", "--schedule-only", stdout=out)
    assert out.getvalue().splitlines() == [
        f"{reference} Midshire Police due-soon 2025-04-07",
        "1 reminder due, none sent (dry run)",
        f"{reference} Midshire Police due-soon 2025-04-07",
        "1 reminder sent",
        "next sweep queued by 2025-04-04 07:00",
        "next sweep already queued by 2025-04-04 07:00",
    ]
    assert len(mail.outbox) == 1
