"""Every deadline of an incident on a given day: the seeds' own timescales, counted on the
calendar of the lead organisation's nation, with pauses and delays. Pure: no database; the
caller passes `today`."""

from datetime import date

import pytest

from threadline.core.domain.deadlines import (
    CalendarMonthsAfter,
    DeadlineState,
    Delay,
    Pause,
    WorkingDaysAfter,
    WorkingDaysBefore,
)
from threadline.core.domain.working_days import calendar_for
from threadline.incidents.domain.timeline import StageSpec, build_timeline

ENGLAND = calendar_for("england-and-wales")
SCOTLAND = calendar_for("scotland")
NORTHERN_IRELAND = calendar_for("northern-ireland")

# The YJS framework of seed 000, as its fixture stores it.
YJS = (
    StageSpec("notification", "Serious incident notification", 1, None, "awareness", ("practitioner",)),
    StageSpec(
        "initial-learning-review",
        "Initial Learning Review (ILR)",
        2,
        WorkingDaysAfter(10),  # seed 000 §7.3, §14
        "awareness",
        ("service-manager", "review-chair"),
    ),
    StageSpec(
        "action-plan-and-decision", "Action plan and decision", 3, None, "stage:initial-learning-review"
    ),
    StageSpec(
        "full-learning-review",
        "Full Learning Review (FLR)",
        4,
        CalendarMonthsAfter(3),  # seed 000 §7.7
        "decision",
        ("review-chair",),
        optional=True,
    ),
)
SCOTTISH = (
    StageSpec(
        "report-and-sign-off",
        "Report and sign-off",
        8,
        CalendarMonthsAfter(6),  # seed 004: within 6-9 months of the decision
        "decision",
        outer_limit=CalendarMonthsAfter(9),
    ),
)
ENGLISH = (
    StageSpec(
        "report-to-panel",
        "Full report to the Panel and Secretary of State",
        8,
        WorkingDaysBefore(7),  # seed 001 §2.7.5
        "publication-planned",
    ),
)


def timeline(stages=YJS, *, events, today, calendar=ENGLAND, done=None, pauses=(), delays=None):
    rows = build_timeline(
        stages=stages,
        events=events,
        done=done or {},
        pauses=list(pauses),
        delays=delays or {},
        calendar=calendar,
        today=today,
    )
    return {row.stage.key: row for row in rows}


# Ten working days from the service becoming aware (seed 000 §7.3, §14), over Christmas


@pytest.mark.parametrize(
    ("calendar", "due"),
    [
        # 25, 26 December and 1 January are bank holidays everywhere in the UK...
        (ENGLAND, date(2026, 1, 7)),
        (NORTHERN_IRELAND, date(2026, 1, 7)),
        # ...and Scotland has 2 January too.
        (SCOTLAND, date(2026, 1, 8)),
    ],
    ids=["england-and-wales", "northern-ireland", "scotland"],
)
def test_the_ilr_is_due_ten_working_days_after_awareness_on_the_nations_calendar(calendar, due):
    rows = timeline(events={"awareness": date(2025, 12, 19)}, today=date(2025, 12, 19), calendar=calendar)
    ilr = rows["initial-learning-review"]
    assert ilr.starts_on == date(2025, 12, 19)
    assert ilr.status.due == due
    assert ilr.status.state == DeadlineState.DUE
    assert ilr.status.working_days_left == 10


def test_the_ilr_runs_from_the_service_becoming_aware_not_from_the_notification():
    # Known on Thursday 18 December 2025, notified the next day: due 6 January, not 7.
    rows = timeline(
        events={"awareness": date(2025, 12, 18), "notification": date(2025, 12, 19)},
        today=date(2025, 12, 19),
    )
    ilr = rows["initial-learning-review"]
    assert (ilr.starts_on, ilr.status.due) == (date(2025, 12, 18), date(2026, 1, 6))


def test_the_old_system_would_have_counted_calendar_days():
    # seed 002 §3.9: ten calendar days would have made it due on 29 December, when six
    # working days are in fact left (30, 31 December, 2, 5, 6 and 7 January).
    rows = timeline(events={"awareness": date(2025, 12, 19)}, today=date(2025, 12, 29))
    assert rows["initial-learning-review"].status.working_days_left == 6


# The full review waits for the decision (seed 000 §7.5-7.7)


def test_the_flr_waits_until_the_decision_is_dated():
    rows = timeline(events={"awareness": date(2025, 3, 3)}, today=date(2025, 3, 10))
    flr = rows["full-learning-review"]
    assert flr.waiting
    assert flr.status is None
    assert flr.state == "waiting"


def test_once_decided_the_flr_is_due_three_calendar_months_later():
    rows = timeline(
        events={"awareness": date(2025, 3, 3), "decision": date(2025, 3, 14)}, today=date(2025, 3, 14)
    )
    assert rows["full-learning-review"].status.due == date(2025, 6, 14)


def test_a_month_after_the_thirty_first_is_the_end_of_a_shorter_month():
    rows = timeline(
        events={"awareness": date(2025, 11, 3), "decision": date(2025, 11, 30)}, today=date(2025, 12, 1)
    )
    assert rows["full-learning-review"].status.due == date(2026, 2, 28)


def test_stages_without_a_deadline_have_no_status():
    rows = timeline(events={"awareness": date(2025, 3, 3)}, today=date(2025, 3, 3))
    assert rows["notification"].status is None
    assert rows["notification"].state == "no-deadline"


# Scotland: the whole review within six to nine months of the decision (seed 004)


def test_the_scottish_review_is_due_in_six_months_with_an_outer_limit_of_nine():
    rows = timeline(
        SCOTTISH, events={"decision": date(2025, 8, 31)}, today=date(2025, 9, 1), calendar=SCOTLAND
    )
    report = rows["report-and-sign-off"]
    assert report.status.due == date(2026, 2, 28)
    assert report.outer_limit.due == date(2026, 5, 31)


def test_past_six_months_the_review_is_late_but_within_the_outer_limit():
    rows = timeline(
        SCOTTISH, events={"decision": date(2025, 1, 10)}, today=date(2025, 8, 1), calendar=SCOTLAND
    )
    report = rows["report-and-sign-off"]
    assert report.status.state == DeadlineState.LATE
    assert report.outer_limit.state == DeadlineState.DUE


# England: the report to the Panel no later than seven working days before publication


def test_the_report_to_the_panel_is_due_seven_working_days_before_publication():
    rows = timeline(ENGLISH, events={"publication-planned": date(2026, 6, 15)}, today=date(2026, 5, 1))
    assert rows["report-to-panel"].status.due == date(2026, 6, 4)


def test_counting_back_skips_the_bank_holidays_of_the_nation():
    # Publication on Tuesday 2 June 2026: the late May bank holiday (25 May) is not a working day.
    rows = timeline(ENGLISH, events={"publication-planned": date(2026, 6, 2)}, today=date(2026, 5, 1))
    assert rows["report-to-panel"].status.due == date(2026, 5, 21)


def test_a_report_sent_before_the_planned_date_is_done():
    rows = timeline(
        ENGLISH,
        events={"publication-planned": date(2026, 6, 15)},
        done={"report-to-panel": date(2026, 6, 1)},
        today=date(2026, 6, 2),
    )
    assert rows["report-to-panel"].status.state == DeadlineState.DONE


# Pauses, delays and lateness


def test_a_pause_moves_a_working_day_deadline_by_the_working_days_the_clock_stood_still():
    # Known Monday 3 March 2025: due Monday 17 March. Paused Wednesday 5 to Monday 10 March
    # (the clock runs again on the 10th): Wednesday, Thursday and Friday stood still.
    events = {"awareness": date(2025, 3, 3)}
    assert timeline(events=events, today=date(2025, 3, 4))["initial-learning-review"].status.due == date(
        2025, 3, 17
    )
    ilr = timeline(
        events=events, today=date(2025, 3, 11), pauses=[Pause(date(2025, 3, 5), date(2025, 3, 10))]
    )["initial-learning-review"]
    assert ilr.status.due == date(2025, 3, 20)
    assert ilr.status.original_due == date(2025, 3, 17)
    assert ilr.status.paused
    assert ilr.status.state == DeadlineState.DUE


def test_while_paused_the_deadline_holds_its_working_days_left():
    ilr = timeline(
        events={"awareness": date(2025, 3, 3)}, today=date(2025, 3, 20), pauses=[Pause(date(2025, 3, 5))]
    )["initial-learning-review"]
    assert ilr.status.state == DeadlineState.PAUSED
    assert ilr.status.working_days_left == 9


def test_a_delay_gives_a_revised_date_and_keeps_the_original():
    delay = Delay("Agencies' chronologies arrived late", date(2025, 4, 4), date(2025, 3, 12))
    ilr = timeline(
        events={"awareness": date(2025, 3, 3)},
        today=date(2025, 3, 12),
        delays={"initial-learning-review": [delay]},
    )["initial-learning-review"]
    assert ilr.status.original_due == date(2025, 3, 17)
    assert ilr.status.due == date(2025, 4, 4)
    assert ilr.status.delayed
    assert ilr.status.delay_reason == "Agencies' chronologies arrived late"


def test_a_late_deadline_counts_working_days_late():
    # Due Monday 17 March; on Monday 24 March it is five working days late, not seven days.
    ilr = timeline(events={"awareness": date(2025, 3, 3)}, today=date(2025, 3, 24))["initial-learning-review"]
    assert ilr.status.state == DeadlineState.LATE
    assert ilr.status.working_days_late == 5


def test_done_after_the_due_date_is_done_late_by_working_days():
    ilr = timeline(
        events={"awareness": date(2025, 3, 3)},
        done={"initial-learning-review": date(2025, 3, 19)},
        today=date(2025, 3, 24),
    )["initial-learning-review"]
    assert ilr.status.state == DeadlineState.DONE_LATE
    assert ilr.status.working_days_late == 2


def test_completing_the_ilr_starts_the_stage_that_runs_from_it():
    rows = timeline(
        events={"awareness": date(2025, 3, 3)},
        done={"initial-learning-review": date(2025, 3, 12)},
        today=date(2025, 3, 12),
    )
    assert rows["action-plan-and-decision"].starts_on == date(2025, 3, 12)
    assert rows["initial-learning-review"].state == DeadlineState.DONE
