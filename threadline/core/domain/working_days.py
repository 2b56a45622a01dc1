"""Working days on the bank-holiday calendar of each UK nation, precomputed once.

Deadlines count working days on the calendar of the nation where the lead organisation sits
(DESIGN §2); the old national system counted calendar days and was wrong (seed 002 §3.9).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache

import holidays

DEFAULT_FIRST = date(2015, 1, 1)
DEFAULT_LAST = date(2040, 12, 31)


class WorkingDayError(ValueError):
    """A question about working days that cannot be answered as asked."""


class CalendarRangeError(WorkingDayError):
    """A date, or the answer to a question, falls outside the years the calendar covers."""


class UnknownNationError(WorkingDayError):
    """A name that is not one of the UK's bank-holiday calendars."""


class Nation(StrEnum):
    """A bank-holiday calendar; England and Wales share one list of bank holidays."""

    ENGLAND_AND_WALES = "england-and-wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Nation.ENGLAND_AND_WALES: "England and Wales",
    Nation.SCOTLAND: "Scotland",
    Nation.NORTHERN_IRELAND: "Northern Ireland",
}

# The `holidays` package's subdivisions of the UK; "WLS" gives the same days as "ENG".
_SUBDIVISIONS = {
    Nation.ENGLAND_AND_WALES: "ENG",
    Nation.SCOTLAND: "SCT",
    Nation.NORTHERN_IRELAND: "NIR",
}

# Organisations record the nation they sit in; England and Wales share a calendar.
_NAMES = {
    "england": Nation.ENGLAND_AND_WALES,
    "wales": Nation.ENGLAND_AND_WALES,
    "england-and-wales": Nation.ENGLAND_AND_WALES,
    "scotland": Nation.SCOTLAND,
    "northern-ireland": Nation.NORTHERN_IRELAND,
}


def nation_for(name: str) -> Nation:
    """The calendar for an organisation's nation ("england", "wales", "scotland", ...)."""
    key = str(name).strip().lower().replace("_", "-").replace(" ", "-")
    try:
        return _NAMES[key]
    except KeyError:
        raise UnknownNationError(
            f"'{name}' is not a UK nation; use england-and-wales (or england, wales), "
            "scotland or northern-ireland"
        ) from None


def bank_holiday_names(nation: Nation | str, year: int) -> list[tuple[date, str]]:
    """The published bank holidays of one year with their names, in date order (a holiday
    at a weekend is listed with the weekday that replaces it, "(observed)")."""
    return sorted(holidays.UK(subdiv=_SUBDIVISIONS[nation_for(nation)], years=year).items())


def bank_holidays(nation: Nation, first_year: int, last_year: int) -> frozenset[date]:
    """The published bank holidays of `nation`, including the weekend dates they replace."""
    days = holidays.UK(subdiv=_SUBDIVISIONS[Nation(nation)], years=range(first_year, last_year + 1))
    return frozenset(days.keys())


@dataclass(frozen=True)
class WorkingDayCalendar:
    """Working days of one nation between two dates, precomputed once.

    A working day is Monday to Friday and not in `days_off`. Counting follows the usual
    reading of "within n working days of X": X itself is day 0, the next working day is day 1.
    """

    nation: Nation
    first: date
    last: date
    days_off: frozenset[date] = field(repr=False)
    # _rank[k] = working days at offsets < k from `first`, so any count is one subtraction.
    _rank: tuple[int, ...] = field(init=False, repr=False, compare=False)
    # _working[r] = ordinal of the r-th working day (from 0), so any "n-th day" is one lookup.
    _working: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _first_ordinal: int = field(init=False, repr=False, compare=False)
    _size: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise WorkingDayError(f"a calendar cannot end ({self.last}) before it starts ({self.first})")
        first_ordinal = self.first.toordinal()
        off = {d.toordinal() for d in self.days_off}
        rank = [0]
        working = []
        for ordinal in range(first_ordinal, self.last.toordinal() + 1):
            # date.fromordinal(1) is a Monday, so (ordinal - 1) % 7 is Python's weekday().
            if (ordinal - 1) % 7 < 5 and ordinal not in off:
                working.append(ordinal)
            rank.append(len(working))
        object.__setattr__(self, "_rank", tuple(rank))
        object.__setattr__(self, "_working", tuple(working))
        object.__setattr__(self, "_first_ordinal", first_ordinal)
        object.__setattr__(self, "_size", len(rank) - 1)

    def _offset(self, day: date) -> int:
        offset = day.toordinal() - self._first_ordinal
        if not 0 <= offset < self._size:
            raise self._outside(day)
        return offset

    def _outside(self, day: date) -> CalendarRangeError:
        return CalendarRangeError(
            f"{day.isoformat()} is outside the {self.nation.label} working-day calendar, "
            f"which covers {self.first.isoformat()} to {self.last.isoformat()}"
        )

    def is_working_day(self, day: date) -> bool:
        offset = self._offset(day)
        return self._rank[offset + 1] > self._rank[offset]

    def add(self, start: date, days: int) -> date:
        """The `days`-th working day after `start`; `add(start, 0)` is `start` itself."""
        if days < 0:
            raise WorkingDayError(
                f"cannot add a negative number of working days ({days}); count back with subtract"
            )
        # The offset is worked out inline: this is the hot path of every deadline on a page.
        offset = start.toordinal() - self._first_ordinal
        if not 0 <= offset < self._size:
            raise self._outside(start)
        if days == 0:
            return start
        index = self._rank[offset + 1] + days - 1
        if index >= len(self._working):
            raise CalendarRangeError(
                f"{days} working days after {start.isoformat()} is beyond the end of the "
                f"{self.nation.label} working-day calendar ({self.last.isoformat()})"
            )
        return date.fromordinal(self._working[index])

    def subtract(self, end: date, days: int) -> date:
        """The `days`-th working day before `end` ("no later than n working days before")."""
        if days < 0:
            raise WorkingDayError(f"cannot count back a negative number of working days ({days}); use add")
        offset = self._offset(end)
        if days == 0:
            return end
        index = self._rank[offset] - days
        if index < 0:
            raise CalendarRangeError(
                f"{days} working days before {end.isoformat()} is before the start of the "
                f"{self.nation.label} working-day calendar ({self.first.isoformat()})"
            )
        return date.fromordinal(self._working[index])

    def between(self, start: date, end: date) -> int:
        """Working days in (start, end]: the day after `start` up to and including `end`.

        `end` before `start` is an error rather than a negative count, so that a late deadline
        is never mistaken for one with days left.
        """
        first_ordinal, size = self._first_ordinal, self._size
        start_offset = start.toordinal() - first_ordinal
        end_offset = end.toordinal() - first_ordinal
        if not 0 <= start_offset < size:
            raise self._outside(start)
        if not 0 <= end_offset < size:
            raise self._outside(end)
        if end_offset < start_offset:
            raise WorkingDayError(
                f"cannot count working days from {start.isoformat()} back to {end.isoformat()}: "
                "the end date is before the start date"
            )
        return self._rank[end_offset + 1] - self._rank[start_offset + 1]


def calendar_for(
    nation: Nation | str,
    extra_holidays: frozenset[date] | set[date] | tuple[date, ...] = frozenset(),
    first: date = DEFAULT_FIRST,
    last: date = DEFAULT_LAST,
) -> WorkingDayCalendar:
    """The calendar of `nation`, with one-off days an administrator has added (built once)."""
    return _calendar(nation_for(nation), frozenset(extra_holidays), first, last)


@lru_cache(maxsize=64)
def _calendar(nation: Nation, extra_holidays: frozenset[date], first: date, last: date) -> WorkingDayCalendar:
    days_off = bank_holidays(nation, first.year, last.year) | extra_holidays
    in_range = frozenset(d for d in days_off if first <= d <= last)
    return WorkingDayCalendar(nation=nation, first=first, last=last, days_off=in_range)
