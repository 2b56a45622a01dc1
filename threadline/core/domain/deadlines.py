"""Deadline rules as data, and where a deadline stands on a given day.

Frameworks store a rule as JSON (`rule_to_dict`) and the services ask `deadline_status` with
the lead organisation's calendar and today's date; nothing here reads the clock.

Pauses stop the clock (criminal proceedings, an inquest: DESIGN §2). A pause covers the days
from `start` up to but not including `end`, the day the clock runs again. The due date moves
later by the days the clock stood still, counted in the rule's own unit: working days for a
working-day rule, calendar days for a calendar-day or month rule. Overlapping pauses count
once; a pause that begins after the due date (the deadline had already passed) moves nothing.

A delay records a revised timescale with its reason and keeps the original due date. The
latest delay replaces the due date; pauses recorded before it are taken to be part of the
revised timescale, so only pauses that begin on or after the day it was recorded move it.

A deadline is late only once at least one working day has passed after its due date: one
due on a Friday is still due over the weekend, with 0 working days left, and done on that
Saturday is done on time. Nothing is ever "0 working days late".
"""

from __future__ import annotations

import calendar as month_lengths
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, ClassVar

from threadline.core.domain.working_days import WorkingDayCalendar

ONE_DAY = timedelta(days=1)


class DeadlineRuleError(ValueError):
    """A deadline rule, pause or delay that cannot be right."""


def _check_count(n: object, unit: str) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise DeadlineRuleError(f"a deadline needs a whole number of {unit}, 0 or more, not {n!r}")


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


@dataclass(frozen=True)
class WorkingDaysAfter:
    """Due on the n-th working day after the start, which is day 0."""

    # seed 000: ILR within 10 working days; seed 002 §1.4: report within 10 working days
    kind: ClassVar[str] = "working_days_after"
    n: int

    def __post_init__(self) -> None:
        _check_count(self.n, "working days")

    def describe(self) -> str:
        return f"within {_plural(self.n, 'working day')}"


@dataclass(frozen=True)
class CalendarDaysAfter:
    """Due n calendar days after the start, even if that is a weekend or bank holiday."""

    # seed 002 §3.9: the old system counted calendar days; kept for rules that really do
    kind: ClassVar[str] = "calendar_days_after"
    n: int

    def __post_init__(self) -> None:
        _check_count(self.n, "calendar days")

    def describe(self) -> str:
        return f"within {_plural(self.n, 'calendar day')}"


@dataclass(frozen=True)
class CalendarMonthsAfter:
    """Due on the same day of the month n months on; 31 January + 1 month is 28/29 February."""

    # seed 000: FLR within 3 months; seed 001 §2.7.6: 6 months from the decision; seed 004: 6-9
    kind: ClassVar[str] = "calendar_months_after"
    n: int

    def __post_init__(self) -> None:
        _check_count(self.n, "months")

    def describe(self) -> str:
        return f"within {_plural(self.n, 'month')}"


@dataclass(frozen=True)
class WorkingDaysBefore:
    """Due on the n-th working day before another date (the start passed to `due_date`)."""

    # seed 001 §2.7.5: full report to the Panel no later than 7 working days before publication
    kind: ClassVar[str] = "working_days_before"
    n: int

    def __post_init__(self) -> None:
        _check_count(self.n, "working days")

    def describe(self) -> str:
        return f"no later than {_plural(self.n, 'working day')} before"


DeadlineRule = WorkingDaysAfter | CalendarDaysAfter | CalendarMonthsAfter | WorkingDaysBefore

RULE_KINDS: dict[str, type[DeadlineRule]] = {
    rule.kind: rule
    for rule in (
        WorkingDaysAfter,
        CalendarDaysAfter,
        CalendarMonthsAfter,
        WorkingDaysBefore,
    )
}


def rule_to_dict(rule: DeadlineRule) -> dict[str, Any]:
    """The rule as JSON-ready data, e.g. {"kind": "working_days_after", "n": 10}."""
    return {"kind": rule.kind, "n": rule.n}


def rule_from_dict(data: Mapping[str, Any]) -> DeadlineRule:
    """The rule stored by `rule_to_dict`, refusing anything it would not have written."""
    kinds = ", ".join(RULE_KINDS)
    if not isinstance(data, Mapping):
        raise DeadlineRuleError(f"a deadline rule must be a mapping with a kind and n, not {data!r}")
    extra = sorted(set(data) - {"kind", "n"})
    if extra:
        raise DeadlineRuleError(f"a deadline rule has only a kind and n, not {', '.join(extra)}")
    kind = data.get("kind")
    if kind not in RULE_KINDS:
        raise DeadlineRuleError(f"{kind!r} is not a kind of deadline rule; use one of: {kinds}")
    if "n" not in data:
        raise DeadlineRuleError(f"a {kind} deadline rule needs n, how many days or months")
    return RULE_KINDS[kind](n=data["n"])


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the last day of that month if it is shorter."""
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    month = month_index + 1
    return date(year, month, min(day.day, month_lengths.monthrange(year, month)[1]))


def due_date(rule: DeadlineRule, *, start: date, calendar: WorkingDayCalendar) -> date:
    """When `rule` falls due; for a "before" rule, `start` is the date it counts back from."""
    match rule:
        case WorkingDaysAfter(n=n):
            return calendar.add(start, n)
        case CalendarDaysAfter(n=n):
            return start + timedelta(days=n)
        case CalendarMonthsAfter(n=n):
            return add_months(start, n)
        case WorkingDaysBefore(n=n):
            return calendar.subtract(start, n)
    raise DeadlineRuleError(f"{rule!r} is not a deadline rule")


@dataclass(frozen=True)
class Pause:
    """The clock stood still from `start` until `end`, the day it ran again (None: still)."""

    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise DeadlineRuleError(
                f"a pause cannot end ({self.end.isoformat()}) before it starts ({self.start.isoformat()})"
            )


@dataclass(frozen=True)
class Delay:
    """A revised timescale, with its reason, recorded on a day; the original is kept."""

    reason: str
    revised_due: date
    recorded_on: date

    def __post_init__(self) -> None:
        if not isinstance(self.reason, str) or not self.reason.strip():
            raise DeadlineRuleError("a delay needs a reason, to report to the governing body")


@dataclass(frozen=True)
class PausedDue:
    """A due date after pauses: moved by closed pauses, or held by one still open."""

    due: date  # with an open pause: the due date when that pause began
    days_stopped: int  # in the rule's unit, by closed pauses before the due date
    open_pause: Pause | None  # the pause holding the clock today, if any
    working_days_left_at_pause: int | None  # frozen when the open pause began

    @property
    def paused_now(self) -> bool:
        return self.open_pause is not None


def _merged(pauses: Iterable[Pause]) -> list[tuple[date, date | None]]:
    """Overlapping or touching pauses as one, so no day is counted twice."""
    merged: list[tuple[date, date | None]] = []
    for pause in sorted(pauses, key=lambda p: p.start):
        if merged and (merged[-1][1] is None or pause.start <= merged[-1][1]):
            start, end = merged[-1]
            if end is not None:
                end = None if pause.end is None else max(end, pause.end)
            merged[-1] = (start, end)
        else:
            merged.append((pause.start, pause.end))
    return merged


def paused_due_date(
    original_due: date,
    pauses: Iterable[Pause],
    calendar: WorkingDayCalendar,
    today: date,
    *,
    clock_start: date | None = None,
    count_working_days: bool = True,
) -> PausedDue:
    """The due date after `pauses`; see the module docstring for how a pause counts.

    `clock_start` is the day the deadline runs from (day 0): the clock cannot stop before
    it has started. An open pause holds the clock only once it has begun (start <= today).
    """
    due = original_due
    stopped = 0
    for start, end in _merged(pauses):
        if clock_start is not None and start <= clock_start:
            start = clock_start + ONE_DAY
        if end is not None and end <= start:
            continue
        if start > due:
            break  # pauses are in order, and the deadline had passed before this one began
        if end is None:
            if start > today:
                break
            left = calendar.between(start - ONE_DAY, due)
            return PausedDue(due, stopped, Pause(start), left)
        if count_working_days:
            days = calendar.between(start - ONE_DAY, end - ONE_DAY)
            due = calendar.add(due, days)
        else:
            days = (end - start).days
            due += timedelta(days=days)
        stopped += days
    return PausedDue(due, stopped, None, None)


class DeadlineState(StrEnum):
    DUE = "due"
    DONE = "done"
    LATE = "late"
    DONE_LATE = "done_late"
    PAUSED = "paused"


@dataclass(frozen=True)
class DeadlineStatus:
    """Where a deadline stands on a given day, in the terms a person reads."""

    original_due: date
    due: date  # after pauses and the latest delay
    state: DeadlineState
    working_days_left: int | None  # after today, up to and including the due date; not done
    # after the due date, up to today or the day it was done; None, never 0, when not late
    working_days_late: int | None
    paused: bool  # a pause moved the deadline, or holds it now
    delayed: bool
    delay_reason: str | None
    # Due, with 0 working days left, though the due date itself has gone by: a Friday
    # deadline on the Saturday. It is late only from the next working day.
    due_date_passed: bool = False


def working_days_late(due: date, day: date, calendar: WorkingDayCalendar) -> int | None:
    """How many working days late something is on `day`, or None if it is not late.

    A deadline is late only once a whole working day has passed after the due date: a
    deadline due on a Friday is still due over the weekend (0 working days left), and
    something done on that Saturday was done on time. There is no "0 working days late".
    """
    if day <= due:
        return None
    late = calendar.between(due, day)
    return late if late > 0 else None


def deadline_status(
    *,
    rule: DeadlineRule,
    start: date,
    calendar: WorkingDayCalendar,
    today: date,
    done_on: date | None = None,
    pauses: Iterable[Pause] = (),
    delays: Iterable[Delay] = (),
) -> DeadlineStatus:
    """Where the deadline set by `rule` from `start` stands on `today`."""
    if done_on is not None and done_on > today:
        raise DeadlineRuleError(
            f"it cannot have been done on {done_on.isoformat()}, after today ({today.isoformat()})"
        )
    original = due_date(rule, start=start, calendar=calendar)
    ordered_delays = sorted(delays, key=lambda d: d.recorded_on)
    latest = ordered_delays[-1] if ordered_delays else None
    due = latest.revised_due if latest else original
    counted = [p for p in pauses if latest is None or p.start >= latest.recorded_on]
    if isinstance(rule, WorkingDaysBefore):
        counted = []  # it follows the date it counts back from, not a running clock
    after_pauses = paused_due_date(
        due,
        counted,
        calendar,
        today,
        clock_start=start,
        count_working_days=isinstance(rule, WorkingDaysAfter),
    )
    due = after_pauses.due
    open_pause = after_pauses.open_pause
    left = late = None
    if done_on is not None:
        late = working_days_late(due, done_on, calendar)
        on_time = late is None or (open_pause is not None and done_on >= open_pause.start)
        state = DeadlineState.DONE if on_time else DeadlineState.DONE_LATE
        if on_time:
            late = None
    elif open_pause is not None:
        state = DeadlineState.PAUSED
        left = after_pauses.working_days_left_at_pause
    else:
        late = working_days_late(due, today, calendar)
        if late is None:
            state = DeadlineState.DUE
            left = calendar.between(today, due) if today <= due else 0
        else:
            state = DeadlineState.LATE
    return DeadlineStatus(
        original_due=original,
        due=due,
        state=state,
        working_days_left=left,
        working_days_late=late,
        paused=after_pauses.days_stopped > 0 or open_pause is not None,
        delayed=latest is not None,
        delay_reason=latest.reason if latest else None,
        due_date_passed=state == DeadlineState.DUE and today > due,
    )
