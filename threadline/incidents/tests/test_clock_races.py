"""Two people (or one double click) changing the clock of one incident at the same moment:
the incident's row is locked, so the second waits for the first and then sees its work.

Real concurrency needs real connections and row locks: these run on PostgreSQL only (SQLite
serialises whole write transactions with BEGIN IMMEDIATE instead)."""

import threading
import time
from datetime import date

import pytest
import time_machine
from django.db import connection, connections

from threadline.incidents.models import ClockPause, DeadlineDelay
from threadline.incidents.services import (
    IncidentRuleError,
    clock,
    incident_clock_pause,
    incident_deadline_delay,
)

from .builders import YJS, framework_version, london, notify, stage_of

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

NOW = london(2025, 3, 10, 9, 0)


@pytest.fixture
def incident(manager, organisation):
    with time_machine.travel(london(2025, 3, 3, 10, 0), tick=False):
        return notify(
            actor=manager,
            organisation=organisation,
            version=framework_version(YJS),
            occurred_at=london(2025, 3, 1, 18, 0),
            aware_at=london(2025, 3, 3, 8, 30),
            told=[],
        )


def at_the_same_time(first, second, monkeypatch):
    """Run `first` and, while it is inside its transaction (its row written, not committed),
    `second` in another thread; each result or the exception it raised."""
    inside = threading.Event()
    scheduled = clock.reminders_schedule_on_commit

    def hold_the_first(incident):
        scheduled(incident)
        if threading.current_thread().name == "first":
            inside.set()
            time.sleep(0.5)  # the second call starts now and must wait for this commit

    monkeypatch.setattr(clock, "reminders_schedule_on_commit", hold_the_first)
    results = {}

    def run(name, call, wait):
        try:
            if wait:
                assert inside.wait(5), "the first call never reached its transaction"
            results[name] = call()
        except Exception as error:  # noqa: BLE001 - handed back to the test
            results[name] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=("first", first, False), name="first"),
        threading.Thread(target=run, args=("second", second, True), name="second"),
    ]
    with time_machine.travel(NOW, tick=True):  # the clock is the process's: one travel for both
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    return results["first"], results["second"]


def test_two_pauses_at_once_leave_one_open_pause(manager, incident, monkeypatch):
    def pause(reason):
        return lambda: incident_clock_pause(
            actor=manager, incident=incident, reason=reason, started_on=date(2025, 3, 10)
        )

    first, second = at_the_same_time(pause("Inquest"), pause("Criminal proceedings"), monkeypatch)
    assert isinstance(first, ClockPause)
    assert isinstance(second, IncidentRuleError) and "already paused" in str(second)
    assert list(ClockPause.objects.filter(ended_on__isnull=True).values_list("reason", flat=True)) == [
        "Inquest"
    ]


def test_a_double_submitted_delay_is_recorded_once(manager, incident, monkeypatch):
    ilr = stage_of(incident.framework_version, "initial-learning-review")

    def delay():
        return incident_deadline_delay(
            actor=manager,
            incident=incident,
            stage=ilr,
            reason="Panel rescheduled",
            revised_due=date(2025, 3, 31),
        )

    first, second = at_the_same_time(delay, delay, monkeypatch)
    assert isinstance(first, DeadlineDelay) and isinstance(second, DeadlineDelay)
    assert first.pk == second.pk
    assert DeadlineDelay.objects.count() == 1
