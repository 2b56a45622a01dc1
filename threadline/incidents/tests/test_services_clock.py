"""Completing stages, pausing and resuming the clock, delays and dated events: each a
checked, audited change, and each moving the deadlines the timeline shows."""

from datetime import date

import pytest
import time_machine

from threadline.core.access import NotAllowed
from threadline.core.models import AuditEvent, Role
from threadline.core.testing import make_person
from threadline.incidents.models import ClockEvent, ClockPause, DeadlineDelay, StageCompletion
from threadline.incidents.selectors import incident_timeline
from threadline.incidents.services import (
    IncidentRuleError,
    incident_clock_pause,
    incident_clock_resume,
    incident_deadline_delay,
    incident_event_record,
    incident_stage_complete,
)

from .builders import ENGLISH, NATIONAL, YJS, framework_version, london, notify, stage_of

pytestmark = pytest.mark.django_db

# Known to the service and notified on Monday 3 March 2025 in England: the ILR is due Monday
# 17 March.
NOTIFIED_AT = london(2025, 3, 3, 10, 0)
ILR_DUE = date(2025, 3, 17)


@pytest.fixture
def incident(manager, organisation):
    with time_machine.travel(NOTIFIED_AT, tick=False):
        return notify(
            actor=manager,
            organisation=organisation,
            version=framework_version(YJS),
            occurred_at=london(2025, 3, 1, 18, 0),
            aware_at=london(2025, 3, 3, 8, 30),
            told=[],
        )


@pytest.fixture
def ilr(incident):
    return stage_of(incident.framework_version, "initial-learning-review")


def row(incident, key, today):
    return next(r for r in incident_timeline(incident, today=today) if r.stage.key == key)


def changes(incident):
    return list(
        AuditEvent.objects.filter(target_id=str(incident.pk), action="change")
        .order_by("pk")
        .values_list("detail", flat=True)
    )


# Completing a stage


def test_completing_the_ilr_marks_it_done_and_is_audited(manager, incident, ilr):
    with time_machine.travel(london(2025, 3, 14, 12, 0), tick=False):
        incident_stage_complete(actor=manager, incident=incident, stage=ilr, done_on=date(2025, 3, 13))
        assert row(incident, "initial-learning-review", date(2025, 3, 14)).state == "done"
    assert StageCompletion.objects.get(incident=incident, stage=ilr).completed_by == manager
    assert changes(incident) == [
        {"stage_completed": "initial-learning-review", "done_on": "2025-03-13", "first_time": True}
    ]


def test_a_stage_cannot_be_done_in_the_future_or_before_the_incident(manager, incident, ilr):
    with time_machine.travel(london(2025, 3, 14, 12, 0), tick=False):
        with pytest.raises(IncidentRuleError, match="today or in the past") as error:
            incident_stage_complete(actor=manager, incident=incident, stage=ilr, done_on=date(2025, 3, 15))
        assert error.value.field == "done_on"
        with pytest.raises(IncidentRuleError, match="before the incident"):
            incident_stage_complete(actor=manager, incident=incident, stage=ilr, done_on=date(2025, 2, 28))
    assert not StageCompletion.objects.filter(stage=ilr).exists()


def test_a_stage_of_another_framework_is_refused(manager, incident):
    other = stage_of(framework_version(NATIONAL), "critical-learning-review")
    with pytest.raises(IncidentRuleError) as error:
        incident_stage_complete(actor=manager, incident=incident, stage=other, done_on=date(2025, 3, 3))
    assert error.value.field == "stage"


def test_only_the_roles_that_complete_a_stage_or_its_managers_may_complete_it(organisation, incident, ilr):
    practitioner = make_person(organisation, Role.PRACTITIONER)
    with pytest.raises(NotAllowed):
        incident_stage_complete(actor=practitioner, incident=incident, stage=ilr, done_on=date(2025, 3, 3))
    notification = stage_of(incident.framework_version, "notification")
    incident_stage_complete(
        actor=practitioner, incident=incident, stage=notification, done_on=date(2025, 3, 3)
    )


def test_doing_the_stage_that_records_the_decision_starts_the_full_review_clock(manager, incident):
    decision_stage = stage_of(incident.framework_version, "action-plan-and-decision")
    assert "decision" in decision_stage.records
    assert row(incident, "full-learning-review", date(2025, 3, 20)).waiting
    with time_machine.travel(london(2025, 3, 20, 9, 0), tick=False):
        incident_stage_complete(
            actor=manager, incident=incident, stage=decision_stage, done_on=date(2025, 3, 19)
        )
    decision = ClockEvent.objects.get(incident=incident, event="decision")
    assert (decision.on, decision.recorded_by) == (date(2025, 3, 19), manager)
    flr = row(incident, "full-learning-review", date(2025, 3, 20))
    assert (flr.starts_on, flr.status.due) == (date(2025, 3, 19), date(2025, 6, 19))  # 3 months
    assert changes(incident) == [
        {
            "stage_completed": "action-plan-and-decision",
            "done_on": "2025-03-19",
            "first_time": True,
            "decision_date": {"on": "2025-03-19", "recorded_now": True},
        }
    ]


def test_a_decision_date_already_recorded_is_kept_when_the_decision_stage_is_done(manager, incident):
    decision_stage = stage_of(incident.framework_version, "action-plan-and-decision")
    with time_machine.travel(london(2025, 3, 20, 9, 0), tick=False):
        incident_event_record(actor=manager, incident=incident, event="decision", on=date(2025, 3, 14))
        incident_stage_complete(
            actor=manager, incident=incident, stage=decision_stage, done_on=date(2025, 3, 19)
        )
    assert ClockEvent.objects.get(incident=incident, event="decision").on == date(2025, 3, 14)
    assert row(incident, "full-learning-review", date(2025, 3, 20)).status.due == date(2025, 6, 14)
    assert changes(incident)[-1]["decision_date"] == {"on": "2025-03-14", "recorded_now": False}


def test_a_caller_that_dates_the_decision_itself_can_leave_it_undated(manager, incident):
    decision_stage = stage_of(incident.framework_version, "action-plan-and-decision")
    with time_machine.travel(london(2025, 3, 20, 9, 0), tick=False):
        incident_stage_complete(
            actor=manager,
            incident=incident,
            stage=decision_stage,
            done_on=date(2025, 3, 19),
            dates_decision=False,
        )
    assert not ClockEvent.objects.filter(incident=incident, event="decision").exists()
    assert "decision_date" not in changes(incident)[-1]


def test_a_stage_that_records_no_decision_dates_nothing(manager, incident, ilr):
    with time_machine.travel(london(2025, 3, 14, 12, 0), tick=False):
        incident_stage_complete(actor=manager, incident=incident, stage=ilr, done_on=date(2025, 3, 13))
    assert not ClockEvent.objects.filter(incident=incident, event="decision").exists()


def test_the_decision_date_is_rolled_back_with_the_completion(manager, incident, monkeypatch):
    from threadline.incidents.services import clock

    decision_stage = stage_of(incident.framework_version, "action-plan-and-decision")

    def fail(**kwargs):
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(clock, "audit_record", fail)
    with time_machine.travel(london(2025, 3, 20, 9, 0), tick=False):
        with pytest.raises(RuntimeError):
            incident_stage_complete(
                actor=manager, incident=incident, stage=decision_stage, done_on=date(2025, 3, 19)
            )
    assert not ClockEvent.objects.filter(incident=incident, event="decision").exists()
    assert not StageCompletion.objects.filter(incident=incident, stage=decision_stage).exists()


# Pausing and resuming


def test_pausing_and_resuming_moves_the_deadline_by_the_working_days_stopped(manager, incident):
    with time_machine.travel(london(2025, 3, 5, 9, 0), tick=False):
        pause = incident_clock_pause(
            actor=manager, incident=incident, reason="Criminal proceedings", started_on=date(2025, 3, 5)
        )
    assert row(incident, "initial-learning-review", date(2025, 3, 7)).state == "paused"
    with time_machine.travel(london(2025, 3, 10, 9, 0), tick=False):
        incident_clock_resume(actor=manager, pause=pause, ended_on=date(2025, 3, 10))
    status = row(incident, "initial-learning-review", date(2025, 3, 10)).status
    assert (status.original_due, status.due, status.paused) == (ILR_DUE, date(2025, 3, 20), True)
    assert [d.get("clock") for d in changes(incident)] == ["paused", "resumed"]


def test_a_pause_needs_a_reason_and_only_one_runs_at_a_time(manager, incident):
    with pytest.raises(IncidentRuleError) as error:
        incident_clock_pause(actor=manager, incident=incident, reason=" ", started_on=date(2025, 3, 5))
    assert error.value.field == "reason"
    incident_clock_pause(actor=manager, incident=incident, reason="Inquest", started_on=date(2025, 3, 5))
    with pytest.raises(IncidentRuleError, match="already paused"):
        incident_clock_pause(actor=manager, incident=incident, reason="Trial", started_on=date(2025, 3, 6))


def test_the_clock_resumes_after_the_day_it_stopped_and_only_once(manager, incident):
    pause = incident_clock_pause(
        actor=manager, incident=incident, reason="Inquest", started_on=date(2025, 3, 5)
    )
    with pytest.raises(IncidentRuleError, match="after the day it was paused"):
        incident_clock_resume(actor=manager, pause=pause, ended_on=date(2025, 3, 5))
    incident_clock_resume(actor=manager, pause=pause, ended_on=date(2025, 3, 6))
    with pytest.raises(IncidentRuleError, match="not paused"):
        incident_clock_resume(actor=manager, pause=pause, ended_on=date(2025, 3, 7))


def test_a_pause_cannot_start_nor_the_clock_resume_in_the_future(manager, incident):
    with time_machine.travel(london(2025, 3, 5, 9, 0), tick=False):
        with pytest.raises(IncidentRuleError, match="today or in the past") as error:
            incident_clock_pause(
                actor=manager, incident=incident, reason="Inquest", started_on=date(2025, 3, 6)
            )
        assert error.value.field == "started_on"
        assert not ClockPause.objects.exists()
        pause = incident_clock_pause(
            actor=manager, incident=incident, reason="Inquest", started_on=date(2025, 3, 5)
        )
    with time_machine.travel(london(2025, 3, 10, 9, 0), tick=False):
        with pytest.raises(IncidentRuleError, match="today or in the past") as error:
            incident_clock_resume(actor=manager, pause=pause, ended_on=date(2025, 3, 11))
        assert error.value.field == "ended_on"
        pause.refresh_from_db()
        assert pause.ended_on is None
        incident_clock_resume(actor=manager, pause=pause, ended_on=date(2025, 3, 10))
    assert pause.ended_on == date(2025, 3, 10)


def test_resuming_a_pause_someone_else_just_resumed_is_refused(manager, incident):
    with time_machine.travel(london(2025, 3, 10, 9, 0), tick=False):
        pause = incident_clock_pause(
            actor=manager, incident=incident, reason="Inquest", started_on=date(2025, 3, 5)
        )
        stale = ClockPause.objects.get(pk=pause.pk)  # read by a second page before the first resumes
        incident_clock_resume(actor=manager, pause=pause, ended_on=date(2025, 3, 7))
        with pytest.raises(IncidentRuleError, match="not paused"):
            incident_clock_resume(actor=manager, pause=stale, ended_on=date(2025, 3, 10))
    assert ClockPause.objects.get().ended_on == date(2025, 3, 7)


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.REVIEWER])
def test_only_managers_and_chairs_stop_the_clock(organisation, incident, role):
    person = make_person(organisation, role)
    with pytest.raises(NotAllowed):
        incident_clock_pause(actor=person, incident=incident, reason="Inquest", started_on=date(2025, 3, 5))


# Delays


def test_a_delay_revises_the_date_and_keeps_the_original(manager, incident, ilr):
    with time_machine.travel(london(2025, 3, 12, 9, 0), tick=False):
        incident_deadline_delay(
            actor=manager,
            incident=incident,
            stage=ilr,
            reason="Panel rescheduled",
            revised_due=date(2025, 3, 24),
        )
    status = row(incident, "initial-learning-review", date(2025, 3, 20)).status
    assert (status.original_due, status.due, status.delayed, status.delay_reason) == (
        ILR_DUE,
        date(2025, 3, 24),
        True,
        "Panel rescheduled",
    )
    assert DeadlineDelay.objects.get().recorded_on == date(2025, 3, 12)


def test_the_same_delay_submitted_twice_is_recorded_once(manager, incident, ilr):
    with time_machine.travel(london(2025, 3, 12, 9, 0), tick=False):
        first = incident_deadline_delay(
            actor=manager,
            incident=incident,
            stage=ilr,
            reason="Panel rescheduled",
            revised_due=date(2025, 3, 24),
        )
        again = incident_deadline_delay(
            actor=manager,
            incident=incident,
            stage=ilr,
            reason="  Panel rescheduled ",
            revised_due=date(2025, 3, 24),
        )
    assert again.pk == first.pk
    assert DeadlineDelay.objects.count() == 1
    assert [d.get("delay") for d in changes(incident)] == ["initial-learning-review"]


def test_a_different_delay_or_the_same_one_another_day_is_a_new_record(manager, incident, ilr):
    with time_machine.travel(london(2025, 3, 12, 9, 0), tick=False):
        incident_deadline_delay(
            actor=manager,
            incident=incident,
            stage=ilr,
            reason="Panel rescheduled",
            revised_due=date(2025, 3, 24),
        )
        incident_deadline_delay(
            actor=manager,
            incident=incident,
            stage=ilr,
            reason="Panel rescheduled",
            revised_due=date(2025, 3, 25),
        )
    with time_machine.travel(london(2025, 3, 13, 9, 0), tick=False):
        incident_deadline_delay(
            actor=manager,
            incident=incident,
            stage=ilr,
            reason="Panel rescheduled",
            revised_due=date(2025, 3, 25),
        )
    assert DeadlineDelay.objects.count() == 3


def test_a_delay_needs_a_reason_a_date_not_past_and_a_stage_with_a_deadline(manager, incident, ilr):
    with time_machine.travel(london(2025, 3, 12, 9, 0), tick=False):
        with pytest.raises(IncidentRuleError) as error:
            incident_deadline_delay(
                actor=manager, incident=incident, stage=ilr, reason="", revised_due=date(2025, 4, 1)
            )
        assert error.value.field == "reason"
        with pytest.raises(IncidentRuleError) as error:
            incident_deadline_delay(
                actor=manager, incident=incident, stage=ilr, reason="Late", revised_due=date(2025, 3, 11)
            )
        assert error.value.field == "revised_due"
        notification = stage_of(incident.framework_version, "notification")
        with pytest.raises(IncidentRuleError) as error:
            incident_deadline_delay(
                actor=manager,
                incident=incident,
                stage=notification,
                reason="Late",
                revised_due=date(2025, 4, 1),
            )
        assert error.value.field == "stage"
    assert not DeadlineDelay.objects.exists()


# Dated events


def test_dating_the_decision_starts_the_full_review_clock(manager, incident):
    assert row(incident, "full-learning-review", date(2025, 3, 20)).waiting
    with time_machine.travel(london(2025, 3, 20, 9, 0), tick=False):
        incident_event_record(actor=manager, incident=incident, event="decision", on=date(2025, 3, 19))
    flr = row(incident, "full-learning-review", date(2025, 3, 20))
    assert flr.status.due == date(2025, 6, 19)
    assert changes(incident) == [{"event": "decision", "on": "2025-03-19"}]


def test_a_decision_cannot_be_dated_in_the_future_but_a_planned_publication_can(manager, organisation):
    with time_machine.travel(london(2025, 3, 3, 10, 0), tick=False):
        english = notify(
            actor=manager,
            organisation=organisation,
            version=framework_version(ENGLISH),
            occurred_at=london(2025, 3, 1, 18, 0),
            aware_at=london(2025, 3, 2, 9, 0),
            told=[],
        )
        with pytest.raises(IncidentRuleError, match="today or in the past"):
            incident_event_record(actor=manager, incident=english, event="decision", on=date(2025, 3, 4))
        incident_event_record(
            actor=manager, incident=english, event="publication-planned", on=date(2026, 6, 15)
        )
        with pytest.raises(IncidentRuleError) as error:
            incident_event_record(actor=manager, incident=english, event="notification", on=date(2025, 3, 3))
        assert error.value.field == "event"
    report = row(english, "report-to-panel", date(2025, 3, 4))
    assert report.status.due == date(2026, 6, 4)  # seven working days before publication
    assert ClockEvent.objects.get(incident=english, event="publication-planned").on == date(2026, 6, 15)
