"""Which reminder of a chronology's due date is due on a given day (issue 6 item 1).

Read on the calendar of the lead organisation's nation, as the due date itself is:

- **due-soon**: on the first working day with two working days or fewer left before the due
  date, up to the due date itself. That is normally two working days before; if the sweep did
  not run that day, it goes on the next working day while the date is not yet missed.
- **missed**: on the first working day after the due date passed without a submission, or on
  a later working day up to `MISSED_CATCH_UP_WORKING_DAYS` late if the sweep did not run.

Nothing is sent on a day that is not a working day. Each reminder is keyed by the due date it
is about, so a new due date earns its own reminders and the same date is never announced twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from threadline.core.domain.working_days import WorkingDayCalendar, WorkingDayError

DUE_SOON = "due-soon"
MISSED = "missed"
DUE_SOON_WORKING_DAYS = 2
MISSED_CATCH_UP_WORKING_DAYS = 5


@dataclass(frozen=True)
class DueReminder:
    kind: str  # DUE_SOON or MISSED
    due_on: date
    working_days_left: int | None = None
    working_days_late: int | None = None


def reminder_due(*, due_on: date, today: date, calendar: WorkingDayCalendar) -> DueReminder | None:
    """The reminder a chronology not yet submitted calls for on `today`, if any."""
    try:
        if not calendar.is_working_day(today):
            return None
        if today <= due_on:
            left = calendar.between(today, due_on)
            if left <= DUE_SOON_WORKING_DAYS:
                return DueReminder(DUE_SOON, due_on, working_days_left=left)
            return None
        late = calendar.between(due_on, today)
    except WorkingDayError:  # a date outside the calendar has no reminder
        return None
    if 1 <= late <= MISSED_CATCH_UP_WORKING_DAYS:
        return DueReminder(MISSED, due_on, working_days_late=late)
    return None
