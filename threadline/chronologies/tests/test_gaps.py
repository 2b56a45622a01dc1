"""Gaps: runs of days longer than the set length with no contact from any agency, over the
period from the earliest day asked for to the incident (issue 6 item 5)."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from threadline.chronologies.domain.gaps import Gap, find_gaps, month_end
from threadline.chronologies.domain.merged import gap_words

START, END = date(2024, 1, 1), date(2025, 3, 1)


def gaps(contacts, *, longer_than=90, start=START, end=END):
    return find_gaps(contacts, period_from=start, period_to=end, longer_than=longer_than)


def test_a_run_longer_than_the_setting_between_two_contacts_is_a_gap():
    contacts = [(date(2024, 1, 1), "day"), (date(2024, 5, 2), "day"), (date(2024, 9, 23), "time")]
    found = gaps([*contacts, (date(2024, 12, 1), "day"), (END, "day")])
    assert found == [Gap(date(2024, 1, 2), date(2024, 5, 1)), Gap(date(2024, 5, 3), date(2024, 9, 22))]
    assert found[1].days == 143
    assert gap_words(found[1]) == "No contact from any agency for 143 days, 3 May to 22 September 2024"


def test_a_run_of_exactly_the_setting_is_not_a_gap_and_one_day_more_is():
    first = date(2024, 3, 1)
    exactly = [(first, "day"), (first + timedelta(days=91), "day")]  # 90 days with no contact between
    assert gaps(exactly, start=first, end=first + timedelta(days=91)) == []
    longer = [(first, "day"), (first + timedelta(days=92), "day")]  # 91 days
    assert gaps(longer, start=first, end=first + timedelta(days=92)) == [
        Gap(first + timedelta(days=1), first + timedelta(days=91))
    ]


def test_the_ends_of_the_period_count_no_contact_before_the_first_or_after_the_last_entry():
    found = gaps([(date(2024, 6, 1), "day"), (date(2024, 8, 1), "day")])
    assert found == [Gap(START, date(2024, 5, 31)), Gap(date(2024, 8, 2), END)]
    assert gap_words(found[0]) == "No contact from any agency for 152 days, 1 January to 31 May 2024"
    assert gap_words(found[1]) == "No contact from any agency for 212 days, 2 August 2024 to 1 March 2025"


def test_contacts_outside_the_period_do_not_close_a_gap_inside_it():
    found = gaps([(date(2023, 6, 1), "day"), (date(2025, 6, 1), "day")])
    assert found == [Gap(START, END)]


def test_contact_on_the_incident_day_leaves_no_gap_at_the_end():
    assert gaps([(START, "day"), (date(2024, 12, 1), "day"), (END, "time")]) == [
        Gap(date(2024, 1, 2), date(2024, 11, 30))
    ]


def test_a_month_only_entry_counts_as_contact_for_its_whole_month():
    # May 2024 known only by its month: no gap may claim any day of May.
    found = gaps([(START, "day"), (date(2024, 5, 1), "month"), (date(2024, 12, 20), "day"), (END, "day")])
    assert found == [Gap(date(2024, 1, 2), date(2024, 4, 30)), Gap(date(2024, 6, 1), date(2024, 12, 19))]
    assert month_end(date(2024, 2, 1)) == date(2024, 2, 29)


def test_a_month_entry_reaching_into_the_period_covers_its_days_inside_it():
    found = gaps([(date(2023, 12, 1), "month"), (date(2024, 6, 1), "day")], end=date(2024, 6, 1))
    assert found == [Gap(START, date(2024, 5, 31))]  # December 2023 ends before the period begins
    found = gaps([(date(2024, 1, 1), "month"), (date(2024, 6, 1), "day")], end=date(2024, 6, 1))
    assert found == [Gap(date(2024, 2, 1), date(2024, 5, 31))]


def test_no_contact_at_all_is_one_gap_over_the_whole_period_and_an_empty_period_has_none():
    assert gaps([]) == [Gap(START, END)]
    assert gaps([], start=END, end=START) == []
    assert gaps([], longer_than=10_000) == []


@given(
    days=st.lists(st.integers(min_value=-30, max_value=460), max_size=40),
    months=st.lists(st.integers(min_value=0, max_value=15), max_size=4),
    longer_than=st.integers(min_value=0, max_value=120),
)
def test_every_gap_is_longer_than_the_setting_inside_the_period_and_touches_no_contact(
    days, months, longer_than
):
    contacts = [(START + timedelta(days=d), "day") for d in days]
    contacts += [(date(2024 + (m // 12), m % 12 + 1, 1), "month") for m in months]
    covered = set()
    for on, precision in contacts:
        last = month_end(on) if precision == "month" else on
        covered |= {on + timedelta(days=i) for i in range((last - on).days + 1)}
    found = gaps(contacts, longer_than=longer_than)
    for gap in found:
        assert START <= gap.first <= gap.last <= END
        assert gap.days > longer_than
        assert not any(gap.covers(day) for day in covered)
        assert gap.first == START or gap.first - timedelta(days=1) in covered
        assert gap.last == END or gap.last + timedelta(days=1) in covered
    assert all(a.last < b.first for a, b in zip(found, found[1:], strict=False))
