"""Gaps in the merged chronology: runs of days longer than a set length on which no agency
recorded any contact with the child or family (seed 004: "gaps in information will emerge").

The period looked at runs from the earliest day any agency was asked to cover to the day of
the incident, both ends included.

A day or a timed entry is contact on its day. An entry known only by its month is contact
somewhere in that month without saying which day, so it covers the whole month: a gap is
never claimed over a day that an agency may have had contact on. The price is that a gap next
to a month-only entry can look up to a month shorter than it really was, which is the safer
mistake for a reviewer who will ask the agency anyway.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .entries import MONTH

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Gap:
    """The days from `first` to `last`, both included, with no contact from any agency."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last


def month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - ONE_DAY


def contact_span(on: date, precision: str) -> tuple[date, date]:
    """The days one entry may have been on: its day, or the whole of its month."""
    if precision == MONTH:
        return on.replace(day=1), month_end(on)
    return on, on


def find_gaps(
    contacts: Iterable[tuple[date, str]], *, period_from: date, period_to: date, longer_than: int
) -> list[Gap]:
    """Runs of more than `longer_than` days in [period_from, period_to] that no contact covers.

    `contacts` are (day, precision) pairs, in any order and with repeats (the caller reads them
    from plain date columns, so nothing needs decrypting)."""
    if period_to < period_from:
        return []
    spans = sorted(contact_span(on, precision) for on, precision in set(contacts))
    gaps: list[Gap] = []
    uncovered_from = period_from

    def close(before: date) -> None:
        last = min(before - ONE_DAY, period_to)
        if last >= uncovered_from and (last - uncovered_from).days + 1 > longer_than:
            gaps.append(Gap(uncovered_from, last))

    for first, last in spans:
        if last < uncovered_from:
            continue
        if first > period_to:
            break
        close(first)
        uncovered_from = max(uncovered_from, last + ONE_DAY)
    close(period_to + ONE_DAY)
    return gaps
