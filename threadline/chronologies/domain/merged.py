"""How the merged chronology reads: dates in words with their precision, and where the gaps
and the incident fall between a page's entries.

A marker (a gap, the incident) stands just before the first entry dated after it, so a page
shows it where it happened in the order; one after every entry ends the last page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from .entries import MONTH, TIME
from .gaps import Gap, contact_span


def day_words(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def month_words(day: date) -> str:
    return f"{day:%B %Y}"


def when_words(on: date, precision: str, at: time | None = None) -> str:
    """'March 2024', '12 March 2024' or '12 March 2024, 14:30', as precisely as the agency knew."""
    if precision == MONTH:
        return month_words(on)
    if precision == TIME and at is not None:
        return f"{day_words(on)}, {at:%H:%M}"
    return day_words(on)


def span_words(first: date, last: date) -> str:
    """'3 May to 22 September 2024', '1 to 31 March 2024': what both ends share is said once."""
    if first == last:
        return day_words(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {day_words(last)}"
    if first.year == last.year:
        return f"{first.day} {first:%B} to {day_words(last)}"
    return f"{day_words(first)} to {day_words(last)}"


def gap_words(gap: Gap) -> str:
    return f"No contact from any agency for {gap.days:,} days, {span_words(gap.first, gap.last)}"


def days_words(days: int) -> str:
    return "1 day" if days == 1 else f"{days:,} days"


@dataclass(frozen=True)
class Marker:
    """Something the chronology marks between entries: a gap or the incident."""

    kind: str  # "gap" or "incident"
    first: date
    last: date
    words: str


def gap_marker(gap: Gap) -> Marker:
    return Marker("gap", gap.first, gap.last, gap_words(gap))


def incident_marker(day: date) -> Marker:
    return Marker("incident", day, day, f"The incident, {day_words(day)}")


def place_markers(
    entry_days: Sequence[date],
    markers: Sequence[Marker],
    *,
    day_before_page: date | None,
    last_page: bool,
) -> tuple[list[list[Marker]], list[Marker]]:
    """The markers to show before each entry of a page, and after its last entry.

    `entry_days` are the page's entries' days in order; `day_before_page` is the day of the
    entry just before the page (None on the first page)."""
    before: list[list[Marker]] = [[] for _ in entry_days]
    after: list[Marker] = []
    for marker in sorted(markers, key=lambda m: (m.first, m.kind)):
        if day_before_page is not None and day_before_page > marker.last:
            continue
        index = next((i for i, day in enumerate(entry_days) if day > marker.last), None)
        if index is not None:
            before[index].append(marker)
        elif last_page:
            after.append(marker)
    return before, after


def overlaps(on: date, precision: str, first: date, last: date) -> bool:
    """Whether an entry (a month entry spans its month) falls within first..last."""
    start, end = contact_span(on, precision)
    return start <= last and end >= first
