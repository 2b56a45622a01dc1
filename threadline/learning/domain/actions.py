"""The life of an action: its status machine, when it is overdue, and the rules on its dates.

Statuses move forward one step at a time: not started, in progress, done (awaiting the
evidence check), evidenced, checked back. The owner moves the first three (and may take a
"done" action back to in progress when the work was not finished); only a checker confirms
the evidence and records the check-back, and the check-back not before its date.

Overdue is never stored: an open action (not yet evidenced) is overdue once at least one
working day has passed after its due date on the owning organisation's calendar, the same
rule as every other deadline (threadline.core.domain.deadlines.working_days_late).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from threadline.core.domain.deadlines import working_days_late
from threadline.core.domain.working_days import WorkingDayCalendar

NOT_STARTED = "not-started"
IN_PROGRESS = "in-progress"
DONE = "done"
EVIDENCED = "evidenced"
CHECKED_BACK = "checked-back"

CLOSED = frozenset({EVIDENCED, CHECKED_BACK})

# Moves the owner (or a manager of the owning organisation) makes with a progress update.
OWNER_MOVES: dict[str, frozenset[str]] = {
    NOT_STARTED: frozenset({IN_PROGRESS, DONE}),
    IN_PROGRESS: frozenset({DONE}),
    DONE: frozenset({IN_PROGRESS}),
    EVIDENCED: frozenset(),
    CHECKED_BACK: frozenset(),
}
# Moves only a checker of the review makes.
CHECKER_MOVES: dict[str, frozenset[str]] = {
    DONE: frozenset({EVIDENCED}),
    EVIDENCED: frozenset({CHECKED_BACK}),
}


def is_open(status: str) -> bool:
    return status not in CLOSED


def owner_can_move(before: str, after: str) -> bool:
    return before == after or after in OWNER_MOVES.get(before, frozenset())


def checker_can_move(before: str, after: str) -> bool:
    return after in CHECKER_MOVES.get(before, frozenset())


def owner_move_problem(before: str, after: str) -> str | None:
    """Why the owner may not move the action from `before` to `after`, or None."""
    if owner_can_move(before, after):
        return None
    if before in CLOSED:
        return "This action has been evidenced: its status can no longer be changed by an update"
    if after in CLOSED:
        return "Only the review's chair or a manager can confirm the evidence or check an action back"
    return "Choose a status the action can move to from where it is now"


def check_back_problem(status: str, check_back_on: date, today: date) -> str | None:
    if status != EVIDENCED:
        return "An action can be checked back only once its evidence has been confirmed"
    if today < check_back_on:
        return f"This action can be checked back from {long(check_back_on)}, its check-back date"
    return None


def long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Overdue:
    overdue: bool
    working_days_late: int | None
    working_days_left: int | None


def overdue_state(*, status: str, due_on: date, today: date, calendar: WorkingDayCalendar) -> Overdue:
    """Whether an action is overdue today, and by how many working days (or how many are left)."""
    if not is_open(status):
        return Overdue(False, None, None)
    late = working_days_late(due_on, today, calendar)
    if late is not None:
        return Overdue(True, late, None)
    left = calendar.between(today, due_on) if today <= due_on else 0
    return Overdue(False, None, left)


def date_problems(
    *,
    due_on: date | None,
    check_back_on: date | None,
    review_started_on: date,
    today: date,
    calendar: WorkingDayCalendar,
    new: bool = True,
) -> list[tuple[str, str]]:
    """What is wrong with an action's dates, each with its field: a due date before the review
    started or (for a new action) in the past, or not a working day; a check-back before the
    due date."""
    problems: list[tuple[str, str]] = []
    if due_on is None:
        problems.append(("due_on", "Enter the date the action is due"))
    elif due_on < review_started_on:
        problems.append(
            (
                "due_on",
                f"The due date must be on or after the day the review started, {long(review_started_on)}",
            )
        )
    elif new and due_on < today:
        problems.append(("due_on", "The due date must be today or in the future"))
    elif not calendar.is_working_day(due_on):
        problems.append(("due_on", f"{long(due_on)} is not a working day: choose a working day"))
    if check_back_on is None:
        problems.append(("check_back_on", "Enter the date to check back that the change has lasted"))
    elif due_on is not None and check_back_on < due_on:
        problems.append(("check_back_on", "The check-back date must be on or after the due date"))
    return problems
