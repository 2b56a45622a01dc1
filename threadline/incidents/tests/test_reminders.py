"""Deadline reminders by e-mail: two working days before each deadline and on the first
working day after one is missed, to the people whose role completes the stage, once each
(docs/adr/0007-deadline-reminders.md). Time is frozen with time-machine."""

import smtplib
from datetime import date, datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from threadline.core.models import AuditEvent, Role
from threadline.core.testing import make_organisation, make_person
from threadline.incidents import reminders
from threadline.incidents.models import ReminderSent
from threadline.incidents.services import (
    deadline_reminders_send,
    incident_clock_pause,
    incident_deadline_delay,
    incident_event_record,
    incident_stage_complete,
)
from threadline.incidents.services import reminders as reminder_services
from threadline.incidents.tasks import send_deadline_reminders

from .builders import CHILD_IDENTIFIERS, CHILD_NAME, ENGLISH, framework_version, london, notify, stage_of

pytestmark = pytest.mark.django_db

# Known to the service and notified on Friday 19 December 2025 in England: the ILR (10
# working days from the service becoming aware) is due Wednesday 7 January 2026.
ILR_DUE = date(2026, 1, 7)
TWO_WORKING_DAYS_BEFORE = london(2026, 1, 5, 7, 0)
DAY_AFTER = london(2026, 1, 8, 7, 0)


@pytest.fixture
def chair(organisation):
    return make_person(organisation, Role.REVIEW_CHAIR, full_name="Cal Chair", email="chair@example.test")


@pytest.fixture
def team(manager, practitioner, chair, stranger, organisation):
    gone = make_person(organisation, Role.SERVICE_MANAGER, email="gone@example.test")
    gone.is_active = False
    gone.save()
    return {"manager": manager, "chair": chair}


@pytest.fixture
def incident(team, organisation):
    with time_machine.travel(london(2025, 12, 19, 10, 0), tick=False):
        return notify(
            actor=team["manager"],
            organisation=organisation,
            occurred_at=london(2025, 12, 17, 20, 0),
            aware_at=london(2025, 12, 19, 9, 0),
            told=[],
        )


def sweep(at: datetime):
    with time_machine.travel(at, tick=False):
        return deadline_reminders_send(today=timezone.localdate())


def test_two_working_days_before_the_ilr_its_completers_get_one_email_each(incident):
    sent = sweep(TWO_WORKING_DAYS_BEFORE)
    assert [(r.stage.key, r.kind, r.due) for r in sent] == [("initial-learning-review", "due-soon", ILR_DUE)]
    # The ILR is completed by service managers and review chairs: not the practitioner, not
    # the deactivated manager, not the manager of another organisation.
    assert sorted(m.to[0] for m in mail.outbox) == ["chair@example.test", "manager@example.test"]
    assert sent[0].recipients == ["chair@example.test", "manager@example.test"]
    message = next(m for m in mail.outbox if m.to == ["manager@example.test"])
    assert message.subject == (
        f"Threadline: Initial Learning Review (ILR) for {incident.reference} is due in 2 working days"
    )
    assert "Hello Mia Manager," in message.body
    assert f"incident {incident.reference} (Child A, Northbridge Youth Justice Service)" in message.body
    assert "on Wednesday 7 January 2026: 2 working days from today" in message.body


def test_the_email_links_to_the_incident_when_the_sites_address_is_known(incident, settings):
    settings.THREADLINE_BASE_URL = "https://threadline.example/"
    sweep(TWO_WORKING_DAYS_BEFORE)
    assert f"https://threadline.example/incidents/{incident.pk}/" in mail.outbox[0].body


def test_the_email_never_says_who_the_child_is(incident):
    sweep(TWO_WORKING_DAYS_BEFORE)
    for message in mail.outbox:
        for secret in (CHILD_NAME, "Jayden", "2009-03-14", "14 March 2009", CHILD_IDENTIFIERS):
            assert secret not in message.subject + message.body


def test_running_again_sends_nothing(incident):
    sweep(TWO_WORKING_DAYS_BEFORE)
    sweep(TWO_WORKING_DAYS_BEFORE)
    sweep(london(2026, 1, 6, 7, 0))  # the same reminder, caught up the next day: already sent
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.count() == 1


def test_each_reminder_writes_one_audit_row_naming_who_was_told(incident, organisation):
    (row,) = sweep(TWO_WORKING_DAYS_BEFORE)
    audit = AuditEvent.objects.get(target_type="incidents.remindersent")
    assert (audit.action, audit.actor, audit.actor_label, audit.organisation_id) == (
        "create",
        None,
        "deadline reminders (background task)",
        organisation.pk,
    )
    assert audit.detail == {
        "incident": incident.reference,
        "stage": "initial-learning-review",
        "kind": "due-soon",
        "due": "2026-01-07",
        "recipients": ["chair@example.test", "manager@example.test"],
    }


def test_three_working_days_before_nothing_is_sent(incident):
    assert sweep(london(2026, 1, 2, 7, 0)) == []
    assert mail.outbox == []


def test_a_missed_deadline_is_announced_the_working_day_after(incident):
    sent = sweep(DAY_AFTER)
    assert [(r.kind, r.due) for r in sent] == [("missed", ILR_DUE)]
    message = mail.outbox[0]
    assert (
        message.subject
        == f"Threadline: deadline missed for Initial Learning Review (ILR), {incident.reference}"
    )
    assert "was Wednesday 7 January 2026, and the stage has not been recorded as done" in message.body
    assert "It is 1 working day late." in message.body
    assert sweep(london(2026, 1, 9, 7, 0)) == []


def test_on_the_due_day_the_reminder_says_due_today(incident):
    sweep(london(2026, 1, 7, 7, 0))
    assert mail.outbox[0].subject.endswith("is due today")
    assert "is due today, Wednesday 7 January 2026." in mail.outbox[0].body


def test_a_done_stage_gets_no_reminder(incident, manager):
    with time_machine.travel(london(2026, 1, 2, 12, 0), tick=False):
        stage = stage_of(incident.framework_version, "initial-learning-review")
        incident_stage_complete(actor=manager, incident=incident, stage=stage, done_on=date(2026, 1, 2))
    assert sweep(TWO_WORKING_DAYS_BEFORE) == []
    assert sweep(DAY_AFTER) == []
    assert mail.outbox == []


def test_a_paused_clock_gets_no_reminder(incident, manager):
    with time_machine.travel(london(2025, 12, 22, 12, 0), tick=False):
        incident_clock_pause(
            actor=manager, incident=incident, reason="Inquest", started_on=date(2025, 12, 22)
        )
    assert sweep(TWO_WORKING_DAYS_BEFORE) == []
    assert sweep(DAY_AFTER) == []
    assert mail.outbox == []


def test_a_delay_earns_a_reminder_for_the_revised_date(incident, manager):
    sweep(TWO_WORKING_DAYS_BEFORE)
    with time_machine.travel(london(2026, 1, 5, 12, 0), tick=False):
        stage = stage_of(incident.framework_version, "initial-learning-review")
        incident_deadline_delay(
            actor=manager, incident=incident, stage=stage, reason="Panel moved", revised_due=date(2026, 1, 14)
        )
    assert sweep(DAY_AFTER) == []  # not missed: the date is now the 14th
    sent = sweep(london(2026, 1, 12, 7, 0))
    assert [(r.kind, r.due) for r in sent] == [("due-soon", date(2026, 1, 14))]


def test_a_merged_or_closed_incident_gets_no_reminder(incident):
    incident.status = "merged"
    incident.save(update_fields=["status"])
    assert sweep(TWO_WORKING_DAYS_BEFORE) == []


def test_when_no_one_holds_the_stages_roles_the_service_managers_are_told(organisation):
    # The English review's final report is completed by the reviewer or review chair; this
    # partnership has neither, so its service manager hears.
    partnership = make_organisation(
        "Eastfield Safeguarding Children Partnership", type="safeguarding-partnership"
    )
    lead = make_person(partnership, Role.SERVICE_MANAGER, email="lead@example.test")
    with time_machine.travel(london(2025, 3, 3, 10, 0), tick=False):
        english = notify(
            actor=lead,
            organisation=partnership,
            version=framework_version(ENGLISH),
            occurred_at=london(2025, 3, 1, 18, 0),
            aware_at=london(2025, 3, 2, 9, 0),
            told=[],
        )
        incident_event_record(actor=lead, incident=english, event="decision", on=date(2025, 3, 3))
    # Due six months after the decision: Wednesday 3 September; two working days before is Monday 1st.
    sent = sweep(london(2025, 9, 1, 7, 0))
    assert sorted(r.stage.key for r in sent) == ["final-report", "publication"]
    assert {m.to[0] for m in mail.outbox} == {"lead@example.test"}
    final, publication = sorted(mail.outbox, key=lambda m: "Publication" in m.subject)
    assert "holds a role that completes this stage, so it comes to you as a service manager" in final.body
    assert "your role at Eastfield Safeguarding Children Partnership completes this stage" in publication.body


def test_with_no_one_to_tell_nothing_is_recorded_so_it_can_go_later(organisation, incident, team):
    for person in team.values():
        person.is_active = False
        person.save()
    assert sweep(TWO_WORKING_DAYS_BEFORE) == []
    assert not ReminderSent.objects.exists()


def test_two_workers_racing_send_it_once(incident, monkeypatch):
    # The second worker looked before the first had claimed the reminder: the unique
    # constraint on the claim stops it.
    sweep(TWO_WORKING_DAYS_BEFORE)
    monkeypatch.setattr(reminder_services, "_already_sent", lambda *args: False)
    assert sweep(TWO_WORKING_DAYS_BEFORE) == []
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.count() == 1
    assert AuditEvent.objects.filter(target_type="incidents.remindersent").count() == 1


def test_a_failed_send_is_rolled_back_and_tried_again_next_time(incident, monkeypatch):
    class Broken:
        def send_messages(self, messages):
            raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(reminder_services, "get_connection", lambda **kwargs: Broken())
    assert sweep(TWO_WORKING_DAYS_BEFORE) == []
    assert not ReminderSent.objects.exists()
    assert not AuditEvent.objects.filter(target_type="incidents.remindersent").exists()
    monkeypatch.undo()
    assert len(sweep(london(2026, 1, 6, 7, 0))) == 1


# The background task and its schedule


def queued_sweeps():
    return sorted(
        timezone.localtime(r.run_after).replace(tzinfo=None)
        for r in DBTaskResult.objects.filter(task_path=reminders.SWEEP_TASK_PATH, status="READY")
    )


def test_the_task_sends_and_queues_tomorrows_sweep_once(incident):
    DBTaskResult.objects.all().delete()
    with time_machine.travel(TWO_WORKING_DAYS_BEFORE, tick=False):
        assert send_deadline_reminders.call() == 1
        assert send_deadline_reminders.call() == 0
    assert len(mail.outbox) == 2
    assert queued_sweeps() == [datetime(2026, 1, 6, 7, 0)]


def test_on_a_friday_the_next_sweep_is_monday():
    assert reminders.next_daily_sweep(london(2026, 1, 9, 7, 0)) == london(2026, 1, 12, 7, 0)


def test_notifying_queues_a_sweep_for_the_first_reminder(
    team, organisation, django_capture_on_commit_callbacks
):
    with time_machine.travel(london(2025, 12, 19, 10, 0), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            notify(
                actor=team["manager"],
                organisation=organisation,
                told=[],
                occurred_at=london(2025, 12, 17, 20, 0),
                aware_at=london(2025, 12, 19, 9, 0),
            )
        with django_capture_on_commit_callbacks(execute=True):
            notify(
                actor=team["manager"],
                organisation=organisation,
                told=[],
                full_name="Leah Carter",
                occurred_at=london(2025, 12, 17, 20, 0),
                aware_at=london(2025, 12, 19, 9, 0),
            )
    # Both ILRs are due 7 January: one sweep at 07:00 on Monday 5 January does for both.
    assert queued_sweeps() == [datetime(2026, 1, 5, 7, 0)]


def test_a_clock_change_that_makes_a_reminder_due_today_queues_a_sweep_now(
    incident, manager, django_capture_on_commit_callbacks
):
    DBTaskResult.objects.all().delete()
    now = london(2026, 1, 5, 14, 30)
    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        stage = stage_of(incident.framework_version, "initial-learning-review")
        incident_deadline_delay(
            actor=manager, incident=incident, stage=stage, reason="Panel moved", revised_due=date(2026, 1, 6)
        )
    assert queued_sweeps() == [datetime(2026, 1, 5, 14, 30)]


def test_a_rolled_back_change_queues_nothing(team, organisation, django_capture_on_commit_callbacks):
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(actor=team["manager"], organisation=organisation)
    assert len(callbacks) == 1  # run only once the transaction commits
    assert not DBTaskResult.objects.exists()


def test_a_failure_to_schedule_never_undoes_the_change(
    team, organisation, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(incident):
        raise RuntimeError("queue unavailable")

    monkeypatch.setattr(reminders, "reminders_schedule", broken)
    with django_capture_on_commit_callbacks(execute=True):
        incident = notify(actor=team["manager"], organisation=organisation)
    assert incident.pk


# The management command


def test_the_command_sends_what_is_due_and_queues_the_next_sweep(incident):
    DBTaskResult.objects.all().delete()
    out = StringIO()
    with time_machine.travel(TWO_WORKING_DAYS_BEFORE, tick=False):
        call_command("send_deadline_reminders", stdout=out)
    assert out.getvalue().splitlines() == [
        f"{incident.reference} initial-learning-review due-soon 2026-01-07 -> chair@example.test, manager@example.test",
        "1 reminder sent",
        "next sweep queued by 2026-01-06 07:00",
    ]
    assert len(mail.outbox) == 2


def test_the_commands_dry_run_lists_and_sends_nothing(incident):
    out = StringIO()
    with time_machine.travel(TWO_WORKING_DAYS_BEFORE, tick=False):
        call_command("send_deadline_reminders", "--dry-run", stdout=out)
    assert out.getvalue().splitlines() == [
        f"{incident.reference} initial-learning-review due-soon 2026-01-07",
        "1 reminder due, none sent (dry run)",
    ]
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_worker_runs_the_queued_sweep(organisation, manager, chair):
    with time_machine.travel(london(2025, 12, 19, 10, 0), tick=False):
        incident = notify(
            actor=manager,
            organisation=organisation,
            occurred_at=london(2025, 12, 17, 20, 0),
            aware_at=london(2025, 12, 19, 9, 0),
            told=[],
        )
    assert queued_sweeps() == [datetime(2026, 1, 5, 7, 0)]  # queued when the notification committed
    with time_machine.travel(london(2026, 1, 5, 7, 1), tick=True):
        call_command("db_worker", "--batch", "--interval", "0", stdout=StringIO(), stderr=StringIO())
    assert [m.to[0] for m in sorted(mail.outbox, key=lambda m: m.to[0])] == [
        "chair@example.test",
        "manager@example.test",
    ]
    assert ReminderSent.objects.get().incident == incident
    assert DBTaskResult.objects.filter(task_path=reminders.SWEEP_TASK_PATH, status="SUCCESSFUL").count() == 1
    assert queued_sweeps() == [datetime(2026, 1, 6, 7, 0)]
