"""Chasing actions (issue 7 item 4): which reminders and escalations are due on a day, and when
each board's monthly digest goes, all in working days on the right organisation's calendar.

- The owner is reminded 5 working days before the due date and on the due date itself.
- Once the action is late by 1 working day, the owning organisation's service managers are told.
- Once it is late by 10 working days, the lead organisation's governance board is told.

Each goes once per action, kind and due date, so a changed due date starts the chase afresh.
A sweep that missed a day catches up: a chase stays due until it is sent or overtaken (a
"due soon" reminder is not sent on or after the due date; the due-date one not once it is late).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from threadline.core.domain.working_days import WorkingDayCalendar

from .actions import overdue_state

DUE_SOON = "due-soon"
DUE_TODAY = "due-today"
OVERDUE_MANAGERS = "overdue-managers"
OVERDUE_BOARD = "overdue-board"

KINDS = (DUE_SOON, DUE_TODAY, OVERDUE_MANAGERS, OVERDUE_BOARD)
ESCALATIONS = frozenset({OVERDUE_MANAGERS, OVERDUE_BOARD})

REMIND_BEFORE = 5  # working days before the due date
ESCALATE_TO_MANAGERS = 1  # working days late
ESCALATE_TO_BOARD = 10  # working days late


@dataclass(frozen=True)
class Chase:
    kind: str
    due_on: date
    working_days_left: int | None = None
    working_days_late: int | None = None

    @property
    def is_escalation(self) -> bool:
        return self.kind in ESCALATIONS


def chases_due(*, status: str, due_on: date, today: date, calendar: WorkingDayCalendar) -> list[Chase]:
    """The reminders and escalations of one action that are due on `today` (sent or not)."""
    state = overdue_state(status=status, due_on=due_on, today=today, calendar=calendar)
    if state.overdue:
        late = state.working_days_late
        chases = []
        if late >= ESCALATE_TO_MANAGERS:
            chases.append(Chase(OVERDUE_MANAGERS, due_on, working_days_late=late))
        if late >= ESCALATE_TO_BOARD:
            chases.append(Chase(OVERDUE_BOARD, due_on, working_days_late=late))
        return chases
    if state.working_days_left is None:  # closed
        return []
    if today >= due_on:
        # On the due date, or over a weekend or holiday after it: not late yet.
        return [Chase(DUE_TODAY, due_on, working_days_left=0)]
    left = state.working_days_left
    if left <= REMIND_BEFORE and calendar.is_working_day(today):
        return [Chase(DUE_SOON, due_on, working_days_left=left)]
    return []


def first_working_day_of_month(year: int, month: int, calendar: WorkingDayCalendar) -> date:
    day = date(year, month, 1)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def month_key(day: date) -> date:
    """A month, as its first day."""
    return day.replace(day=1)


def digest_due(*, today: date, calendar: WorkingDayCalendar) -> bool:
    """Whether this month's digest is due by `today`: from the month's first working day on
    (a missed day catches up later in the month)."""
    return today >= first_working_day_of_month(today.year, today.month, calendar)


def first_weekday_of_next_month(today: date) -> date:
    day = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day
