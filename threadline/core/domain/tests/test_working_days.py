from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis.strategies import dates, integers, sampled_from

from threadline.core.domain.working_days import (
    CalendarRangeError,
    Nation,
    UnknownNationError,
    WorkingDayCalendar,
    WorkingDayError,
    bank_holidays,
    calendar_for,
    nation_for,
)

EW, SCOTLAND, NI = Nation.ENGLAND_AND_WALES, Nation.SCOTLAND, Nation.NORTHERN_IRELAND


def d(text: str) -> date:
    return date.fromisoformat(text)


# As published on gov.uk/bank-holidays: the weekday on which each is taken, as MM-DD.
PUBLISHED = {
    EW: {
        2019: "01-01 04-19 04-22 05-06 05-27 08-26 12-25 12-26",
        2020: "01-01 04-10 04-13 05-08 05-25 08-31 12-25 12-28",  # VE Day moved May Day
        2021: "01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28",
        2022: "01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27",  # Jubilee, funeral
        2023: "01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26",  # Coronation
        2024: "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26",
        2025: "01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26",
        2026: "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28",
    },
    SCOTLAND: {
        2019: "01-01 01-02 04-19 05-06 05-27 08-05 12-02 12-25 12-26",
        2020: "01-01 01-02 04-10 05-08 05-25 08-03 11-30 12-25 12-28",
        2021: "01-01 01-04 04-02 05-03 05-31 08-02 11-30 12-27 12-28",
        2022: "01-03 01-04 04-15 05-02 06-02 06-03 08-01 09-19 11-30 12-26 12-27",
        2023: "01-02 01-03 04-07 05-01 05-08 05-29 08-07 11-30 12-25 12-26",
        2024: "01-01 01-02 03-29 05-06 05-27 08-05 12-02 12-25 12-26",
        2025: "01-01 01-02 04-18 05-05 05-26 08-04 12-01 12-25 12-26",
        2026: "01-01 01-02 04-03 05-04 05-25 06-15 08-03 11-30 12-25 12-28",  # 06-15 World Cup
    },
    NI: {
        2019: "01-01 03-18 04-19 04-22 05-06 05-27 07-12 08-26 12-25 12-26",
        2020: "01-01 03-17 04-10 04-13 05-08 05-25 07-13 08-31 12-25 12-28",
        2021: "01-01 03-17 04-02 04-05 05-03 05-31 07-12 08-30 12-27 12-28",
        2022: "01-03 03-17 04-15 04-18 05-02 06-02 06-03 07-12 08-29 09-19 12-26 12-27",
        2023: "01-02 03-17 04-07 04-10 05-01 05-08 05-29 07-12 08-28 12-25 12-26",
        2024: "01-01 03-18 03-29 04-01 05-06 05-27 07-12 08-26 12-25 12-26",
        2025: "01-01 03-17 04-18 04-21 05-05 05-26 07-14 08-25 12-25 12-26",
        2026: "01-01 03-17 04-03 04-06 05-04 05-25 07-13 08-31 12-25 12-28",
    },
}


@pytest.mark.parametrize("nation", list(Nation))
@pytest.mark.parametrize("year", range(2019, 2027))
def test_weekdays_off_are_exactly_the_published_bank_holidays(nation, year):
    cal = calendar_for(nation)
    day, weekdays_off = date(year, 1, 1), set()
    while day.year == year:
        if day.weekday() < 5 and not cal.is_working_day(day):
            weekdays_off.add(day)
        day += timedelta(days=1)
    assert weekdays_off == {d(f"{year}-{day}") for day in PUBLISHED[nation][year].split()}


def test_wales_has_the_same_bank_holidays_as_england():
    years = range(2015, 2041)
    assert set(holidays.UK(subdiv="WLS", years=years)) == set(holidays.UK(subdiv="ENG", years=years))


@pytest.mark.parametrize(
    ("nation", "day", "working"),
    [
        (NI, "2025-03-17", False),  # St Patrick's Day
        (NI, "2024-03-18", False),  # St Patrick's Day on a Sunday, taken on the Monday
        (NI, "2024-07-12", False),  # Battle of the Boyne
        (
            NI,
            "2025-07-14",
            False,
        ),  # Battle of the Boyne on a Saturday, taken on the Monday
        (EW, "2025-03-17", True),
        (SCOTLAND, "2024-07-12", True),
        (SCOTLAND, "2025-01-02", False),  # 2 January
        (SCOTLAND, "2023-11-30", False),  # St Andrew's Day
        (
            SCOTLAND,
            "2025-12-01",
            False,
        ),  # St Andrew's Day on a Sunday, taken on the Monday
        (EW, "2025-01-02", True),
        (
            SCOTLAND,
            "2025-04-21",
            True,
        ),  # Easter Monday is not a bank holiday in Scotland
        (EW, "2025-04-21", False),
        (NI, "2025-04-21", False),
        (
            SCOTLAND,
            "2025-08-04",
            False,
        ),  # Scotland's summer holiday: first Monday of August
        (SCOTLAND, "2025-08-25", True),
        (EW, "2025-08-04", True),
        (EW, "2025-08-25", False),  # England and Wales: last Monday of August
        (EW, "2025-06-07", False),  # a Saturday
    ],
)
def test_each_nation_keeps_its_own_bank_holidays(nation, day, working):
    assert calendar_for(nation).is_working_day(d(day)) is working


def test_ten_working_days_from_the_friday_before_christmas_in_scotland():
    # Scotland skips 25 and 26 December and 1 and 2 January.
    assert calendar_for(SCOTLAND).add(d("2025-12-19"), 10) == d("2026-01-08")
    assert calendar_for(EW).add(d("2025-12-19"), 10) == d("2026-01-07")


def test_working_days_in_july_in_northern_ireland_leave_out_the_twelfth():
    assert calendar_for(NI).between(d("2025-07-01"), d("2025-07-31")) == 21
    assert calendar_for(EW).between(d("2025-07-01"), d("2025-07-31")) == 22


def test_the_start_is_day_zero_even_on_a_weekend():
    cal = calendar_for(EW)
    assert cal.add(d("2025-06-07"), 0) == d("2025-06-07")
    assert cal.add(d("2025-06-07"), 1) == d("2025-06-09")
    assert cal.subtract(d("2025-06-07"), 1) == d("2025-06-06")
    assert cal.between(d("2025-06-07"), d("2025-06-07")) == 0


def test_a_one_off_day_added_by_an_administrator_moves_the_answer():
    plain = calendar_for(EW)
    with_extra = calendar_for(EW, frozenset({d("2025-06-04")}))
    assert plain.add(d("2025-06-02"), 3) == d("2025-06-05")
    assert with_extra.add(d("2025-06-02"), 3) == d("2025-06-06")
    assert not with_extra.is_working_day(d("2025-06-04"))
    assert with_extra.between(d("2025-06-01"), d("2025-06-30")) == 20


def test_the_calendar_is_built_once_per_question():
    assert calendar_for(SCOTLAND) is calendar_for("scotland")
    assert calendar_for(SCOTLAND, {d("2025-06-04")}) is calendar_for(SCOTLAND, (d("2025-06-04"),))


@pytest.mark.parametrize(
    ("name", "nation"),
    [
        ("england", EW),
        ("Wales", EW),
        ("england-and-wales", EW),
        ("scotland", SCOTLAND),
        ("Northern Ireland", NI),
        ("northern_ireland", NI),
        (NI, NI),
    ],
)
def test_an_organisations_nation_names_its_calendar(name, nation):
    assert nation_for(name) is nation


def test_an_unknown_nation_is_refused_by_name():
    with pytest.raises(UnknownNationError, match="'france' is not a UK nation"):
        nation_for("france")
    with pytest.raises(UnknownNationError):
        calendar_for("ireland")


def test_questions_outside_the_calendar_say_which_years_it_covers():
    cal = calendar_for(EW, first=date(2020, 1, 1), last=date(2020, 12, 31))
    with pytest.raises(CalendarRangeError, match="2019-12-31 is outside .* 2020-01-01 to 2020-12-31"):
        cal.add(d("2019-12-31"), 1)
    with pytest.raises(CalendarRangeError, match="beyond the end"):
        cal.add(d("2020-12-01"), 30)
    with pytest.raises(CalendarRangeError, match="before the start"):
        cal.subtract(d("2020-01-10"), 30)


def test_counting_backwards_or_a_negative_count_is_refused():
    cal = calendar_for(EW)
    with pytest.raises(WorkingDayError, match="end date is before the start date"):
        cal.between(d("2025-07-31"), d("2025-07-01"))
    with pytest.raises(WorkingDayError, match="negative"):
        cal.add(d("2025-07-01"), -1)
    with pytest.raises(WorkingDayError, match="negative"):
        cal.subtract(d("2025-07-01"), -1)


def test_a_calendar_cannot_end_before_it_starts():
    with pytest.raises(WorkingDayError):
        WorkingDayCalendar(nation=EW, first=d("2025-01-02"), last=d("2025-01-01"), days_off=frozenset())


# Laws of the calendar, checked against the `holidays` package and a day-by-day count.

nations = sampled_from(Nation)
starts = dates(min_value=date(2019, 1, 1), max_value=date(2026, 6, 30))
counts = integers(min_value=0, max_value=260)


def naive_add(nation: Nation, start: date, n: int) -> date:
    off = bank_holidays(nation, start.year, start.year + 2)
    day = start
    while n:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in off:
            n -= 1
    return day


@given(nation=nations, start=starts, n=integers(min_value=1, max_value=260))
def test_an_added_day_is_never_a_weekend_nor_a_bank_holiday_of_that_nation(nation, start, n):
    due = calendar_for(nation).add(start, n)
    assert due.weekday() < 5
    assert due not in holidays.UK(subdiv={EW: "ENG", SCOTLAND: "SCT", NI: "NIR"}[nation])
    assert due > start


@given(nation=nations, start=starts, n=counts)
def test_adding_agrees_with_counting_day_by_day(nation, start, n):
    assert calendar_for(nation).add(start, n) == naive_add(nation, start, n)


@given(nation=nations, start=starts, n=counts)
def test_adding_then_counting_gives_back_the_same_number(nation, start, n):
    cal = calendar_for(nation)
    assert cal.between(start, cal.add(start, n)) == n


@given(nation=nations, start=starts, n=counts)
def test_adding_is_monotonic_in_the_count(nation, start, n):
    cal = calendar_for(nation)
    assert cal.add(start, n) < cal.add(start, n + 1)


@given(nation=nations, first=starts, second=starts, n=counts)
def test_adding_is_monotonic_in_the_start(nation, first, second, n):
    cal = calendar_for(nation)
    first, second = sorted((first, second))
    assert cal.add(first, n) <= cal.add(second, n)


@given(nation=nations, start=starts, n=counts)
def test_counting_back_undoes_adding_from_a_working_day(nation, start, n):
    cal = calendar_for(nation)
    if cal.is_working_day(start):
        assert cal.subtract(cal.add(start, n), n) == start
    else:
        assert cal.subtract(cal.add(start, n), n) <= start


@given(nation=nations, end=starts, n=integers(min_value=1, max_value=260))
def test_counting_back_lands_on_the_nth_working_day_before(nation, end, n):
    cal = calendar_for(nation)
    sent = cal.subtract(end, n)
    assert sent < end
    assert cal.is_working_day(sent)
    # (sent, end] holds the n-1 working days strictly between, and `end` if it is one
    assert cal.between(sent, end) == n - 1 + cal.is_working_day(end)
    assert cal.add(sent, n) >= end


@given(nation=nations, start=starts, end=starts)
def test_counting_is_additive(nation, start, end):
    cal = calendar_for(nation)
    start, end = sorted((start, end))
    middle = start + timedelta(days=(end - start).days // 2)
    assert cal.between(start, end) == cal.between(start, middle) + cal.between(middle, end)
