from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis.strategies import dates, integers, sampled_from

from threadline.core.domain.deadlines import (
    CalendarDaysAfter,
    CalendarMonthsAfter,
    DeadlineRuleError,
    DeadlineState,
    Delay,
    Pause,
    WorkingDaysAfter,
    WorkingDaysBefore,
    add_months,
    deadline_status,
    due_date,
    paused_due_date,
    rule_from_dict,
    rule_to_dict,
)
from threadline.core.domain.working_days import Nation, calendar_for

EW = calendar_for(Nation.ENGLAND_AND_WALES)
SCOTLAND = calendar_for(Nation.SCOTLAND)
ILR = WorkingDaysAfter(10)  # seed 000
NOTIFIED = date(2025, 3, 3)  # a Monday; the ILR is due Monday 17 March


def d(text: str) -> date:
    return date.fromisoformat(text)


def status(**overrides):
    arguments = {
        "rule": ILR,
        "start": NOTIFIED,
        "calendar": EW,
        "today": d("2025-03-05"),
    }
    return deadline_status(**(arguments | overrides))


def test_an_initial_learning_review_is_due_ten_working_days_after_notification():
    assert due_date(ILR, start=NOTIFIED, calendar=EW) == d("2025-03-17")


def test_a_critical_learning_report_over_christmas_counts_working_days_not_calendar_days():
    # seed 002 §1.4 and §3.9: the old system would have called it due on 28 December
    notified = d("2025-12-18")
    assert due_date(CalendarDaysAfter(10), start=notified, calendar=EW) == d("2025-12-28")
    assert due_date(WorkingDaysAfter(10), start=notified, calendar=EW) == d("2026-01-06")
    assert due_date(WorkingDaysAfter(10), start=notified, calendar=SCOTLAND) == d("2026-01-07")


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        ("2024-01-31", 1, "2024-02-29"),
        ("2025-01-31", 1, "2025-02-28"),
        ("2025-08-31", 3, "2025-11-30"),  # seed 000: FLR within 3 months
        ("2025-11-15", 3, "2026-02-15"),
        (
            "2025-03-31",
            6,
            "2025-09-30",
        ),  # seed 001 §2.7.6: within 6 months of the decision
        ("2025-05-20", 9, "2026-02-20"),  # seed 004: within 6 to 9 months
        ("2025-05-20", 0, "2025-05-20"),
    ],
)
def test_a_month_later_is_the_same_day_or_the_end_of_a_shorter_month(start, months, due):
    assert add_months(d(start), months) == d(due)
    assert due_date(CalendarMonthsAfter(months), start=d(start), calendar=EW) == d(due)


def test_the_report_goes_to_the_panel_seven_working_days_before_publication():
    # seed 001 §2.7.5: publication on Monday 16 June 2025
    assert due_date(WorkingDaysBefore(7), start=d("2025-06-16"), calendar=EW) == d("2025-06-05")


@pytest.mark.parametrize(
    "rule",
    [
        WorkingDaysAfter(10),
        CalendarDaysAfter(28),
        CalendarMonthsAfter(3),
        WorkingDaysBefore(7),
    ],
)
def test_a_rule_survives_being_stored_as_json(rule):
    assert rule_from_dict(rule_to_dict(rule)) == rule


def test_a_rule_is_stored_as_its_kind_and_number():
    assert rule_to_dict(WorkingDaysAfter(10)) == {"kind": "working_days_after", "n": 10}
    assert rule_from_dict({"kind": "calendar_months_after", "n": 3}) == CalendarMonthsAfter(3)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"kind": "fortnights_after", "n": 1},
            "'fortnights_after' is not a kind of deadline rule",
        ),
        ({"kind": "working_days_after"}, "needs n"),
        ({"kind": "working_days_after", "n": -1}, "0 or more, not -1"),
        ({"kind": "working_days_after", "n": "10"}, "not '10'"),
        ({"kind": "working_days_after", "n": True}, "not True"),
        ({"kind": "working_days_after", "n": 10, "by": "x"}, "not by"),
        ([("kind", "working_days_after")], "must be a mapping"),
    ],
)
def test_a_stored_rule_that_makes_no_sense_is_refused_with_a_reason(data, message):
    with pytest.raises(DeadlineRuleError, match=message):
        rule_from_dict(data)


def test_rules_describe_themselves():
    assert WorkingDaysAfter(10).describe() == "within 10 working days"
    assert CalendarMonthsAfter(1).describe() == "within 1 month"
    assert WorkingDaysBefore(7).describe() == "no later than 7 working days before"


def test_a_deadline_ahead_counts_the_working_days_left():
    result = status(today=d("2025-03-14"))
    assert (result.state, result.due, result.working_days_left) == (
        "due",
        d("2025-03-17"),
        1,
    )
    assert result.working_days_late is None
    assert not result.paused and not result.delayed


def test_a_deadline_on_its_last_day_has_none_left_and_is_not_late():
    result = status(today=d("2025-03-17"))
    assert (result.state, result.working_days_left) == (DeadlineState.DUE, 0)


def test_a_passed_deadline_counts_working_days_late():
    result = status(today=d("2025-03-26"))
    assert (result.state, result.working_days_late, result.working_days_left) == (
        "late",
        7,
        None,
    )


def test_a_friday_deadline_is_still_due_over_the_weekend_with_none_left():
    for weekend_day in ("2025-03-15", "2025-03-16"):
        result = status(rule=WorkingDaysAfter(9), today=d(weekend_day))
        assert (result.due, result.state, result.working_days_left, result.working_days_late) == (
            d("2025-03-14"),
            "due",
            0,
            None,
        )
        assert result.due_date_passed
    assert not status(rule=WorkingDaysAfter(9), today=d("2025-03-14")).due_date_passed


def test_a_friday_deadline_is_one_working_day_late_on_the_monday():
    result = status(rule=WorkingDaysAfter(9), today=d("2025-03-17"))
    assert (result.state, result.working_days_late, result.working_days_left) == ("late", 1, None)


def test_a_deadline_is_not_late_over_a_bank_holiday_weekend_until_the_tuesday():
    # due Thursday 17 April 2025; Good Friday and Easter Monday are bank holidays
    rule = WorkingDaysAfter(1)
    start = d("2025-04-16")
    for day in ("2025-04-18", "2025-04-19", "2025-04-20", "2025-04-21"):
        result = status(rule=rule, start=start, today=d(day))
        assert (result.state, result.working_days_left) == ("due", 0), day
    assert status(rule=rule, start=start, today=d("2025-04-22")).working_days_late == 1


def test_done_over_the_weekend_after_a_friday_deadline_is_done_on_time():
    result = status(rule=WorkingDaysAfter(9), today=d("2025-03-18"), done_on=d("2025-03-16"))
    assert (result.state, result.working_days_late) == ("done", None)
    late = status(rule=WorkingDaysAfter(9), today=d("2025-03-18"), done_on=d("2025-03-17"))
    assert (late.state, late.working_days_late) == ("done_late", 1)


def test_a_calendar_deadline_on_a_saturday_is_late_from_the_monday():
    result = status(rule=CalendarDaysAfter(12), today=d("2025-03-16"))  # due Saturday 15 March
    assert (result.due, result.state, result.working_days_left) == (d("2025-03-15"), "due", 0)
    assert status(rule=CalendarDaysAfter(12), today=d("2025-03-17")).working_days_late == 1


@given(
    nation=sampled_from(Nation),
    start=dates(min_value=date(2019, 1, 1), max_value=date(2026, 3, 31)),
    n=integers(min_value=0, max_value=40),
    after=integers(min_value=0, max_value=60),
)
def test_a_late_deadline_is_always_at_least_one_working_day_late(nation, start, n, after):
    cal = calendar_for(nation)
    today = start + timedelta(days=after)
    result = deadline_status(rule=WorkingDaysAfter(n), start=start, calendar=cal, today=today)
    if result.state == "late":
        assert result.working_days_late >= 1
    else:
        assert result.working_days_late is None
        assert result.working_days_left >= 0


def test_done_on_time_and_done_late():
    assert status(today=d("2025-04-01"), done_on=d("2025-03-17")).state == "done"
    late = status(today=d("2025-04-01"), done_on=d("2025-03-19"))
    assert (late.state, late.working_days_late, late.working_days_left) == (
        "done_late",
        2,
        None,
    )


def test_it_cannot_have_been_done_after_today():
    with pytest.raises(DeadlineRuleError, match="after today"):
        status(today=d("2025-03-05"), done_on=d("2025-03-06"))


def test_a_closed_pause_moves_a_working_day_deadline_by_the_working_days_stopped():
    # stopped Monday 10 to Friday 14 March; the clock ran again on Monday 17
    result = status(today=d("2025-03-18"), pauses=[Pause(d("2025-03-10"), d("2025-03-17"))])
    assert (result.original_due, result.due) == (d("2025-03-17"), d("2025-03-24"))
    assert (result.state, result.working_days_left, result.paused) == ("due", 4, True)


def test_an_open_pause_freezes_the_working_days_left_when_it_began():
    before = status(today=d("2025-03-07"))
    during = status(today=d("2025-04-30"), pauses=[Pause(d("2025-03-10"))])
    assert before.working_days_left == during.working_days_left == 6
    assert (during.state, during.paused, during.due) == (
        "paused",
        True,
        d("2025-03-17"),
    )


def test_an_open_pause_that_has_not_begun_does_not_hold_the_clock():
    result = status(today=d("2025-03-07"), pauses=[Pause(d("2025-03-10"))])
    assert (result.state, result.paused, result.working_days_left) == ("due", False, 6)


def test_done_while_paused_is_on_time():
    result = status(today=d("2025-04-30"), done_on=d("2025-04-01"), pauses=[Pause(d("2025-03-10"))])
    assert result.state == "done"


def test_a_pause_after_the_deadline_passed_moves_nothing():
    result = status(today=d("2025-03-26"), pauses=[Pause(d("2025-03-20"), d("2025-03-25"))])
    assert (result.due, result.state, result.paused) == (d("2025-03-17"), "late", False)


def test_overlapping_pauses_count_each_day_once():
    pauses = [
        Pause(d("2025-03-10"), d("2025-03-14")),
        Pause(d("2025-03-12"), d("2025-03-17")),
    ]
    assert status(pauses=pauses).due == d("2025-03-24")


def test_the_clock_cannot_stop_before_it_started():
    result = status(pauses=[Pause(d("2025-02-25"), d("2025-03-05"))])
    assert result.due == d("2025-03-18")  # only Tuesday 4 March was stopped


def test_a_month_deadline_moves_by_the_calendar_days_stopped():
    result = status(
        rule=CalendarMonthsAfter(3),
        start=d("2025-01-15"),
        pauses=[Pause(d("2025-02-01"), d("2025-02-11"))],
    )
    assert (result.original_due, result.due) == (d("2025-04-15"), d("2025-04-25"))


def test_a_deadline_before_another_date_is_not_moved_by_a_pause():
    result = status(
        rule=WorkingDaysBefore(7),
        start=d("2025-06-16"),
        today=d("2025-06-02"),
        pauses=[Pause(d("2025-06-01"), d("2025-06-10"))],
    )
    assert (result.due, result.working_days_left, result.paused) == (
        d("2025-06-05"),
        3,
        False,
    )


def test_a_delay_revises_the_due_date_and_keeps_the_original_and_the_reason():
    delay = Delay("inquest adjourned", d("2025-04-30"), recorded_on=d("2025-03-12"))
    result = status(today=d("2025-04-01"), delays=[delay])
    assert (result.original_due, result.due, result.state) == (
        d("2025-03-17"),
        d("2025-04-30"),
        "due",
    )
    assert (result.delayed, result.delay_reason) == (True, "inquest adjourned")


def test_the_latest_delay_wins_whatever_order_they_are_given_in():
    first = Delay("police investigation", d("2025-04-30"), recorded_on=d("2025-03-12"))
    second = Delay("family asked for more time", d("2025-05-30"), recorded_on=d("2025-04-20"))
    result = status(today=d("2025-04-21"), delays=[second, first])
    assert (result.due, result.delay_reason) == (
        d("2025-05-30"),
        "family asked for more time",
    )


def test_only_pauses_after_a_delay_move_its_revised_date():
    delay = Delay("inquest adjourned", d("2025-04-30"), recorded_on=d("2025-03-12"))
    earlier = Pause(d("2025-03-10"), d("2025-03-12"))
    later = Pause(d("2025-04-01"), d("2025-04-03"))  # Tuesday 1 and Wednesday 2 April
    assert status(delays=[delay], pauses=[earlier]).due == d("2025-04-30")
    assert status(delays=[delay], pauses=[earlier, later]).due == d("2025-05-02")


def test_pauses_and_delays_that_cannot_be_right_are_refused():
    with pytest.raises(DeadlineRuleError, match="cannot end"):
        Pause(d("2025-03-10"), d("2025-03-09"))
    with pytest.raises(DeadlineRuleError, match="needs a reason"):
        Delay("  ", d("2025-04-30"), recorded_on=d("2025-03-12"))


@given(
    nation=sampled_from(Nation),
    start=dates(min_value=date(2019, 1, 1), max_value=date(2026, 6, 30)),
    n=integers(min_value=1, max_value=60),
    pause_after=integers(min_value=1, max_value=90),
    pause_length=integers(min_value=0, max_value=60),
)
def test_a_pause_before_the_deadline_moves_it_by_exactly_the_working_days_stopped(
    nation, start, n, pause_after, pause_length
):
    cal = calendar_for(nation)
    original = cal.add(start, n)
    pause = Pause(
        start + timedelta(days=pause_after),
        start + timedelta(days=pause_after + pause_length),
    )
    moved = paused_due_date(original, [pause], cal, today=start, clock_start=start)
    stopped = cal.between(pause.start - timedelta(days=1), pause.end - timedelta(days=1))
    if pause.start <= original:
        assert cal.between(original, moved.due) == stopped == moved.days_stopped
    else:
        assert moved.due == original
