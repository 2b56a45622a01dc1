"""Asking an agency for its chronology (issue 6 item 1): the period it covers and when it is due.

The period starts, unless the review chooses otherwise, three years before the incident and
ends on the day of the incident (seed 004 "Collecting and collating further information": two
to three years is usually enough). The due date counts working days on the calendar of the
lead organisation's nation, as every deadline does, and is itself a working day.
"""

from __future__ import annotations

from datetime import date

from threadline.core.domain.working_days import WorkingDayCalendar, WorkingDayError
from threadline.reviews.domain.terms import default_scope

# The agency has four working weeks unless the review gives another date.
DEFAULT_DUE_WORKING_DAYS = 20
MAX_NOTE = 2000
MAX_REASON = 2000


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def default_period(incident_day: date) -> tuple[date, date]:
    return default_scope(incident_day)


def default_due(today: date, calendar: WorkingDayCalendar) -> date:
    return calendar.add(today, DEFAULT_DUE_WORKING_DAYS)


def check_period(period_from: date | None, period_to: date | None) -> list[tuple[str, str]]:
    problems = []
    if period_from is None:
        problems.append(("period_from", "Enter the date the chronology starts from"))
    if period_to is None:
        problems.append(("period_to", "Enter the date the chronology runs to"))
    if period_from is not None and period_to is not None and period_from >= period_to:
        problems.append(("period_from", "The start of the period must be before its end"))
    return problems


def check_due(
    due_on: date | None, *, today: date, requested_on: date, calendar: WorkingDayCalendar
) -> list[tuple[str, str]]:
    """The due date must be a working day, not in the past, and after the day of the request."""
    if due_on is None:
        return [("due_on", "Enter the date the chronology is due")]
    if due_on < today:
        return [("due_on", "The due date must be today or in the future")]
    if due_on <= requested_on:
        return [
            (
                "due_on",
                f"The due date must be after the day the chronology was asked for, {long_date(requested_on)}",
            )
        ]
    try:
        working = calendar.is_working_day(due_on)
    except WorkingDayError:
        return [("due_on", f"{long_date(due_on)} is too far ahead: choose an earlier due date")]
    if not working:
        return [
            (
                "due_on",
                f"{long_date(due_on)} is not a working day in {calendar.nation.label}: choose a working day",
            )
        ]
    return []
