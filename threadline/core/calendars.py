"""The working-day calendar each deadline counts on, with the days administrators added.

The domain's `calendar_for` knows the published bank holidays of each nation; this module adds
the one-off non-working days a system administrator recorded in the app (`ExtraBankHoliday`).
Every app that works out a deadline asks `calendar_for_organisation(lead_organisation)`.

calendar = calendar_for_organisation(incident.lead_organisation)
due = calendar.add(notified_on, 10)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.shortcuts import get_object_or_404

from .domain.errors import RuleError
from .domain.working_days import (
    DEFAULT_FIRST,
    DEFAULT_LAST,
    Nation,
    WorkingDayCalendar,
    bank_holiday_names,
    calendar_for,
    nation_for,
)
from .models import ExtraBankHoliday

FIRST_DAY = DEFAULT_FIRST
LAST_DAY = DEFAULT_LAST


class CalendarRuleError(RuleError):
    """A calendar change or question that cannot be right."""


def long_date(day: date) -> str:
    """'Friday 4 June 2027', the way the pages and error messages write a date."""
    return f"{day:%A} {day.day} {day:%B %Y}"


# --- the calendar every deadline counts on


def extra_days_for(nation: Nation | str) -> frozenset[date]:
    """One-off non-working days an administrator has added for `nation`."""
    nation = nation_for(nation)
    return frozenset(ExtraBankHoliday.objects.filter(nation=nation.value).values_list("date", flat=True))


def calendar_for_nation(nation: Nation | str) -> WorkingDayCalendar:
    """The nation's working-day calendar: published bank holidays plus the days added here.

    One small query each time, so a day added or removed counts at once in every process;
    the domain builds each distinct calendar only once.
    """
    nation = nation_for(nation)
    return calendar_for(nation, extra_holidays=extra_days_for(nation))


def calendar_for_organisation(organisation) -> WorkingDayCalendar:
    """The calendar of the nation an organisation sits in (England and Wales share one)."""
    return calendar_for_nation(nation_for(organisation.nation))


# --- what the bank holidays pages show


def published_bank_holidays(nation: Nation | str, year: int) -> list[tuple[date, str]]:
    """The published bank holidays of one year, in date order, with their names.

    Includes a holiday that falls at a weekend and the weekday that replaces it ("(observed)").
    """
    return bank_holiday_names(nation, year)


def extra_bank_holidays(nation: Nation | str | None = None):
    """The days added in the app, by date; all nations unless one is given."""
    days = ExtraBankHoliday.objects.select_related("added_by")
    if nation is not None:
        days = days.filter(nation=nation_for(nation).value)
    return days.order_by("date")


def extra_bank_holiday_for(pk) -> ExtraBankHoliday:
    """One added day, for a page that only system administrators reach (404 if it is gone)."""
    return get_object_or_404(ExtraBankHoliday, pk=pk)


def check_extra_day(nation: Nation | str, day: date) -> None:
    """Refuse a day that cannot be added to `nation`'s calendar (CalendarRuleError on "date").

    The service asks before it adds the day; the form asks too, so that the person sees this
    beside the other mistakes in the form at once.
    """
    nation = nation_for(nation)
    if not FIRST_DAY <= day <= LAST_DAY:
        raise CalendarRuleError(
            f"The date must be between {long_date(FIRST_DAY)} and {long_date(LAST_DAY)}", field="date"
        )
    if day.weekday() >= 5:
        raise CalendarRuleError(
            f"{long_date(day)} is at the weekend, so it is already not a working day: enter a weekday",
            field="date",
        )
    published = dict(published_bank_holidays(nation, day.year))
    if day in published:
        raise CalendarRuleError(
            f"{long_date(day)} is already a bank holiday in {nation.label} ({published[day]})",
            field="date",
        )
    existing = ExtraBankHoliday.objects.filter(nation=nation.value, date=day).first()
    if existing is not None:
        raise CalendarRuleError(
            f"{long_date(day)} has already been added for {nation.label} ({existing.name})", field="date"
        )


# --- checking a deadline by hand


@dataclass(frozen=True)
class DayOff:
    day: date
    name: str
    added_here: bool


@dataclass(frozen=True)
class DeadlineAnswer:
    """n working days after `start` on a nation's calendar, and the weekdays it passed over."""

    nation: Nation
    start: date
    days: int
    due: date
    passed_over: tuple[DayOff, ...]


def deadline_check(*, nation: Nation | str, start: date, days: int) -> DeadlineAnswer:
    """The answer an administrator sees on the bank holidays page, on the calendar deadlines use."""
    nation = nation_for(nation)
    if not FIRST_DAY <= start <= LAST_DAY:
        raise CalendarRuleError(
            f"The start date must be between {long_date(FIRST_DAY)} and {long_date(LAST_DAY)}", field="start"
        )
    calendar = calendar_for_nation(nation)
    try:
        due = calendar.add(start, days)
    except ValueError:
        raise CalendarRuleError(
            f"{days} working days after {long_date(start)} is after {long_date(LAST_DAY)}, "
            "the last day the calendar covers",
            field="days",
        ) from None
    return DeadlineAnswer(
        nation=nation, start=start, days=days, due=due, passed_over=_weekdays_off(nation, start, due)
    )


def _weekdays_off(nation: Nation, after: date, until: date) -> tuple[DayOff, ...]:
    added = {
        day.date: day.name for day in extra_bank_holidays(nation).filter(date__gt=after, date__lte=until)
    }
    published: dict[date, str] = {}
    for year in range(after.year, until.year + 1):
        published.update(published_bank_holidays(nation, year))
    weekdays = sorted(d for d in added.keys() | published.keys() if after < d <= until and d.weekday() < 5)
    return tuple(DayOff(d, added.get(d) or published[d], added_here=d in added) for d in weekdays)
