"""Which reminders are due on a day: two working days before a deadline, and on the first
working day after it was missed (docs/adr/0007-deadline-reminders.md). Pure: no database."""

from datetime import date

import pytest

from threadline.core.domain.deadlines import Pause
from threadline.core.domain.working_days import calendar_for
from threadline.incidents.domain.reminders import (
    DUE_SOON,
    MISSED,
    MISSED_CATCH_UP_WORKING_DAYS,
    next_reminder_on,
    reminders_due,
)
from threadline.incidents.domain.timeline import build_timeline

from .test_domain_timeline import YJS

ENGLAND = calendar_for("england-and-wales")
SCOTLAND = calendar_for("scotland")
# Known to the service and notified on Friday 19 December 2025: the ILR (from awareness) is
# due Wednesday 7 January 2026 in England and Wales, Thursday 8 January in Scotland (2 January
# is a bank holiday there).
NOTIFIED = {"awareness": date(2025, 12, 19), "notification": date(2025, 12, 19)}


def due_on(today, *, calendar=ENGLAND, events=NOTIFIED, done=None, pauses=()):
    rows = build_timeline(
        stages=YJS,
        events=events,
        done=done or {},
        pauses=list(pauses),
        delays={},
        calendar=calendar,
        today=today,
    )
    return [(r.stage_key, r.kind, r.due) for r in reminders_due(rows, today=today, calendar=calendar)]


def next_on(today, *, calendar=ENGLAND, events=NOTIFIED, done=None, pauses=()):
    rows = build_timeline(
        stages=YJS,
        events=events,
        done=done or {},
        pauses=list(pauses),
        delays={},
        calendar=calendar,
        today=today,
    )
    return next_reminder_on(rows, today=today, calendar=calendar)


ILR = "initial-learning-review"


def test_due_soon_two_working_days_before_the_deadline():
    assert due_on(date(2026, 1, 5)) == [(ILR, DUE_SOON, date(2026, 1, 7))]


def test_nothing_three_working_days_before():
    assert due_on(date(2026, 1, 2)) == []


def test_scotlands_extra_bank_holiday_moves_the_reminder_a_day_later():
    assert due_on(date(2026, 1, 5), calendar=SCOTLAND) == []
    assert due_on(date(2026, 1, 6), calendar=SCOTLAND) == [(ILR, DUE_SOON, date(2026, 1, 8))]


@pytest.mark.parametrize("today", [date(2026, 1, 6), date(2026, 1, 7)], ids=["one day left", "due today"])
def test_if_the_worker_was_down_the_due_soon_reminder_still_goes_before_the_deadline_passes(today):
    # The same reminder (same stage, kind and due date), so it is sent once whichever day.
    assert due_on(today) == [(ILR, DUE_SOON, date(2026, 1, 7))]


def test_missed_on_the_first_working_day_after_the_due_date():
    assert due_on(date(2026, 1, 8)) == [(ILR, MISSED, date(2026, 1, 7))]


def test_missed_is_caught_up_for_a_working_week_then_left_to_the_timeline():
    assert MISSED_CATCH_UP_WORKING_DAYS == 5
    assert due_on(date(2026, 1, 14)) == [(ILR, MISSED, date(2026, 1, 7))]  # five working days late
    assert due_on(date(2026, 1, 15)) == []


@pytest.mark.parametrize(
    "today",
    [date(2026, 1, 10), date(2026, 1, 11), date(2025, 12, 25)],
    ids=["saturday", "sunday", "christmas"],
)
def test_nothing_is_sent_on_a_day_that_is_not_a_working_day(today):
    assert due_on(today) == []


def test_a_done_stage_gets_no_reminder():
    assert due_on(date(2026, 1, 5), done={ILR: date(2026, 1, 5)}) == []
    assert due_on(date(2026, 1, 8), done={ILR: date(2026, 1, 8)}) == []


def test_a_paused_clock_gets_no_reminder():
    assert due_on(date(2026, 1, 5), pauses=[Pause(date(2025, 12, 22))]) == []
    assert due_on(date(2026, 1, 8), pauses=[Pause(date(2025, 12, 22))]) == []


def test_after_a_pause_the_reminder_follows_the_moved_due_date():
    # Paused on Monday 22 December, running again on Monday 29: 22, 23 and 24 December
    # stood still, so the ILR is due Monday 12 January.
    pause = Pause(date(2025, 12, 22), date(2025, 12, 29))
    assert due_on(date(2026, 1, 5), pauses=[pause]) == []
    assert due_on(date(2026, 1, 8), pauses=[pause]) == [(ILR, DUE_SOON, date(2026, 1, 12))]


def test_a_stage_waiting_for_its_event_gets_no_reminder():
    # The FLR runs from the decision, which has no date yet.
    assert all(stage != "full-learning-review" for stage, _, _ in due_on(date(2026, 1, 5)))


def test_a_deadline_that_falls_on_a_weekend_is_announced_two_working_days_before_it():
    # Decided Friday 14 March 2025: the FLR is due three months later, Saturday 14 June.
    events = {"notification": date(2025, 3, 3), "decision": date(2025, 3, 14)}
    done = {ILR: date(2025, 3, 12)}
    assert due_on(date(2025, 6, 10), events=events, done=done) == []
    assert due_on(date(2025, 6, 11), events=events, done=done) == [
        ("full-learning-review", DUE_SOON, date(2025, 6, 14))
    ]
    assert next_on(date(2025, 5, 1), events=events, done=done) == date(2025, 6, 11)


# When the sweep should next run for an incident


def test_the_next_reminder_is_two_working_days_before_the_deadline():
    assert next_on(date(2025, 12, 19)) == date(2026, 1, 5)
    assert next_on(date(2025, 12, 19), calendar=SCOTLAND) == date(2026, 1, 6)


def test_inside_the_window_the_next_reminder_is_today_or_the_next_working_day():
    assert next_on(date(2026, 1, 6)) == date(2026, 1, 6)
    assert next_on(date(2026, 1, 8)) == date(2026, 1, 8)  # missed


def test_a_paused_or_done_incident_needs_no_reminder():
    assert next_on(date(2025, 12, 22), pauses=[Pause(date(2025, 12, 22))]) is None
    assert next_on(date(2026, 1, 5), done={ILR: date(2026, 1, 5)}) is None
    assert next_on(date(2026, 2, 2)) is None  # missed long ago
