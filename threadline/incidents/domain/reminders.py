"""Which deadline reminders are due on a given day (docs/adr/0007-deadline-reminders.md).

The issue asks for an e-mail "two working days before each deadline and on the day it is
missed". Read precisely, on the lead organisation's calendar:

- **due-soon**: sent on the first working day on which the stage has two or fewer working
  days left before its due date (`working_days_left <= 2`, the number the timeline shows),
  up to and including the due date itself. Normally that is the working day two working days
  before the due date; if the worker was down that day, it goes on the next working day
  while the deadline is still not missed.
- **missed**: a deadline is missed when its due date ends without the stage done. The
  reminder goes on the first working day after the due date (`working_days_late == 1`) or, if
  the worker was down, on a later working day up to `MISSED_CATCH_UP_WORKING_DAYS` late. A
  deadline missed longer ago is not announced: the incident page shows it late in red.

Nothing is sent on a day that is not a working day of that calendar (weekends, bank
holidays, days an administrator added), for a stage that is done, paused or still waiting
for the event it runs from, or for a stage without a deadline. Each reminder is keyed by
the due date it is about, so a pause, a delay or a new planned date that moves the deadline
earns a fresh reminder for the new date, and the same date is never announced twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from threadline.core.domain.deadlines import DeadlineState
from threadline.core.domain.working_days import WorkingDayCalendar

from .timeline import TimelineRow

DUE_SOON = "due-soon"
MISSED = "missed"
# "two working days before each deadline" (issue 4)
DUE_SOON_WORKING_DAYS = 2
# A missed deadline is still announced if the worker was down for up to a working week.
MISSED_CATCH_UP_WORKING_DAYS = 5


@dataclass(frozen=True)
class DueReminder:
    stage_key: str
    stage_name: str
    kind: str  # DUE_SOON or MISSED
    due: date
    completed_by: tuple[str, ...]
    working_days_left: int | None
    working_days_late: int | None

    @property
    def key(self) -> tuple[str, str, date]:
        """What makes a reminder the same one: the stage, the kind and the date it is about."""
        return (self.stage_key, self.kind, self.due)


def reminders_due(
    rows: Iterable[TimelineRow], *, today: date, calendar: WorkingDayCalendar
) -> list[DueReminder]:
    """The reminders an incident's timeline calls for on `today`, in stage order."""
    if not calendar.is_working_day(today):
        return []
    due = []
    for row in rows:
        status = row.status
        if status is None:  # no deadline, or waiting for the event it runs from
            continue
        if status.state == DeadlineState.DUE and status.working_days_left is not None:
            if status.working_days_left <= DUE_SOON_WORKING_DAYS:
                due.append(_reminder(row, DUE_SOON))
        elif status.state == DeadlineState.LATE and status.working_days_late is not None:
            if 1 <= status.working_days_late <= MISSED_CATCH_UP_WORKING_DAYS:
                due.append(_reminder(row, MISSED))
        # done, done late and paused stages get nothing
    return due


def next_reminder_on(
    rows: Iterable[TimelineRow], *, today: date, calendar: WorkingDayCalendar
) -> date | None:
    """The first day from `today` on which `reminders_due` would find something, if nothing
    about the incident changes; None when no running deadline will call for one."""
    candidates = []
    first_working_day = today if calendar.is_working_day(today) else calendar.add(today, 1)
    for row in rows:
        status = row.status
        if status is None:
            continue
        if status.state == DeadlineState.DUE:
            if status.working_days_left is not None and status.working_days_left <= DUE_SOON_WORKING_DAYS:
                candidates.append(first_working_day)
            else:
                candidates.append(
                    _first_working_day_with_at_most(calendar, status.due, DUE_SOON_WORKING_DAYS)
                )
        elif status.state == DeadlineState.LATE:
            if (
                status.working_days_late is not None
                and status.working_days_late <= MISSED_CATCH_UP_WORKING_DAYS
            ):
                candidates.append(first_working_day)
    return min(candidates, default=None)


def _first_working_day_with_at_most(calendar: WorkingDayCalendar, due: date, left: int) -> date:
    """The earliest working day d with `calendar.between(d, due) <= left`.

    `between(d, due)` counts the working days after d up to and including `due`. If `due` is
    itself a working day that is the `left`-th working day before it; if it falls on a
    weekend (a calendar-month rule can), count back from the last working day before it.
    """
    last_working = due if calendar.is_working_day(due) else calendar.subtract(due, 1)
    return calendar.subtract(last_working, left)


def _reminder(row: TimelineRow, kind: str) -> DueReminder:
    status = row.status
    assert status is not None
    return DueReminder(
        stage_key=row.stage.key,
        stage_name=row.stage.name,
        kind=kind,
        due=status.due,
        completed_by=row.stage.completed_by,
        working_days_left=status.working_days_left if kind == DUE_SOON else None,
        working_days_late=status.working_days_late if kind == MISSED else None,
    )
