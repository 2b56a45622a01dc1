"""The rules of one chronology entry (domain/entries.py), shared by typing and importing: the
forms a date may take and the precision each gives, the chronology's period (a month counts when
any of its days is inside), the limits of each part, and the fingerprint a re-import relies on."""

from datetime import date, datetime, time

import pytest

from threadline.chronologies.domain.entries import (
    COLUMNS,
    DAY,
    MAX_AUTHOR_ROLE,
    MAX_SOURCE,
    MAX_TEXT,
    MONTH,
    PRECISION_RANK,
    REQUIRED,
    TIME,
    CleanEntry,
    EntryRuleError,
    When,
    check_entry,
    parse_time,
    parse_when,
    significant_from,
    sort_key,
    when_from_datetime,
)

PERIOD = {"period_from": date(2022, 3, 15), "period_to": date(2025, 3, 1)}


def check(**values):
    return check_entry({"what_happened": "Home visit", **values}, **PERIOD)


def problems_of(**values) -> list[tuple[str, str]]:
    with pytest.raises(EntryRuleError) as refused:
        check_entry(values, **PERIOD)
    return refused.value.problems


# --- the forms of a date, and the precision each gives


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/03/2024", When(date(2024, 3, 12), DAY)),
        ("12-03-2024", When(date(2024, 3, 12), DAY)),
        ("12.03.2024", When(date(2024, 3, 12), DAY)),
        ("1/3/2024", When(date(2024, 3, 1), DAY)),
        ("12/03/24", When(date(2024, 3, 12), DAY)),
        ("2024-03-12", When(date(2024, 3, 12), DAY)),
        ("2024-3-2", When(date(2024, 3, 2), DAY)),
        ("12 March 2024", When(date(2024, 3, 12), DAY)),
        ("12th March 2024", When(date(2024, 3, 12), DAY)),
        ("1st Sept 2024", When(date(2024, 9, 1), DAY)),
        ("2nd Feb. 2024", When(date(2024, 2, 2), DAY)),
        ("3rd MAY, 2024", When(date(2024, 5, 3), DAY)),
        ("  12   March   2024  ", When(date(2024, 3, 12), DAY)),
        ("29/02/2024", When(date(2024, 2, 29), DAY)),
        ("March 2024", When(date(2024, 3, 1), MONTH)),
        ("mar 2024", When(date(2024, 3, 1), MONTH)),
        ("Sept. 2024", When(date(2024, 9, 1), MONTH)),
        ("03/2024", When(date(2024, 3, 1), MONTH)),
        ("3-2024", When(date(2024, 3, 1), MONTH)),
        ("2024-03", When(date(2024, 3, 1), MONTH)),
        ("December 2023", When(date(2023, 12, 1), MONTH)),
    ],
)
def test_a_date_is_read_the_uk_way_with_its_precision(text, expected):
    assert parse_when(text) == expected


@pytest.mark.parametrize(
    ("date_text", "time_text", "expected"),
    [
        ("12/03/2024", "14:30", When(date(2024, 3, 12), TIME, time(14, 30))),
        ("12/03/2024", "14.30", When(date(2024, 3, 12), TIME, time(14, 30))),
        ("12/03/2024", "09:05:59", When(date(2024, 3, 12), TIME, time(9, 5))),
        ("12/03/2024", "2:30pm", When(date(2024, 3, 12), TIME, time(14, 30))),
        ("12/03/2024", "2:30 PM", When(date(2024, 3, 12), TIME, time(14, 30))),
        ("12/03/2024", "12:15am", When(date(2024, 3, 12), TIME, time(0, 15))),
        ("12/03/2024", "12:15pm", When(date(2024, 3, 12), TIME, time(12, 15))),
        ("12/03/2024", "0:00", When(date(2024, 3, 12), TIME, time(0, 0))),
        ("12/03/2024 14:30", "", When(date(2024, 3, 12), TIME, time(14, 30))),
        ("2024-03-12T14:30", "", When(date(2024, 3, 12), TIME, time(14, 30))),
        ("12 March 2024 9:05", "", When(date(2024, 3, 12), TIME, time(9, 5))),
    ],
)
def test_a_time_makes_an_exact_moment_given_apart_or_in_the_date(date_text, time_text, expected):
    assert parse_when(date_text, time_text) == expected


@pytest.mark.parametrize(
    ("date_text", "time_text", "why"),
    [
        ("", "", "empty"),
        ("   ", "", "empty"),
        ("yesterday", "", "not a date"),
        ("12/2024/03", "", "not a date"),
        ("12 Marchember 2024", "", "not a date"),
        ("31/02/2024", "", "not a real date"),
        ("29/02/2023", "", "not a real date"),
        ("2024-13-01", "", "not a real date"),
        ("13/2024", "", "not a real month"),
        ("2024-00", "", "not a real month"),
        ("March 2024", "14:30", "a time needs a day"),
        ("12/03/2024", "25:00", "not a time"),
        ("12/03/2024", "14:60", "not a time"),
        ("12/03/2024", "13:00pm", "not a time"),
        ("12/03/2024", "half past two", "not a time"),
    ],
)
def test_a_date_that_cannot_be_read_says_why(date_text, time_text, why):
    with pytest.raises(ValueError, match=f"^{why}$"):
        parse_when(date_text, time_text)


def test_parse_time_reads_the_24_hour_clock_and_am_pm():
    assert parse_time(" 7:45 ") == time(7, 45)
    assert parse_time("11:59pm") == time(23, 59)
    for wrong in ("7", "24:00", "0:30am", "7:5"):
        with pytest.raises(ValueError):
            parse_time(wrong)


def test_a_spreadsheet_cell_gives_a_day_or_an_exact_moment():
    assert when_from_datetime(date(2024, 3, 12)) == When(date(2024, 3, 12), DAY)
    assert when_from_datetime(datetime(2024, 3, 12)) == When(date(2024, 3, 12), DAY)
    assert when_from_datetime(datetime(2024, 3, 12, 14, 30, 45, 10)) == When(
        date(2024, 3, 12), TIME, time(14, 30)
    )


# --- ordering: the month first, then the day, then by time, then the agency's own order


def test_on_the_same_first_day_a_month_comes_before_a_day_before_a_time():
    assert PRECISION_RANK == {MONTH: 0, DAY: 1, TIME: 2}
    month = When(date(2024, 3, 1), MONTH)
    day = When(date(2024, 3, 1), DAY)
    early = When(date(2024, 3, 1), TIME, time(8, 0))
    late = When(date(2024, 3, 1), TIME, time(17, 0))
    next_day = When(date(2024, 3, 2), DAY)
    shuffled = [(late, 1), (next_day, 0), (day, 5), (early, 2), (month, 9), (day, 3)]
    ordered = sorted(shuffled, key=lambda pair: sort_key(*pair))
    assert ordered == [(month, 9), (day, 3), (day, 5), (early, 2), (late, 1), (next_day, 0)]
    assert month.rank < day.rank < early.rank


# --- one entry's rules


def test_a_good_entry_is_cleaned_texts_trimmed_and_line_ends_made_one_kind():
    clean = check_entry(
        {
            "date": " 12/03/2024 ",
            "time": "14:30",
            "source": "  Case notes (ChildView) ",
            "author_role": "Social worker",
            "what_happened": "Home visit.\r\nMother present.\rChild asleep.",
            "who_was_present": "Mother",
            "childs_voice": "",
            "opinion": "Home conditions poor.",
            "significant": "Yes",
        },
        **PERIOD,
    )
    assert clean == CleanEntry(
        when=When(date(2024, 3, 12), TIME, time(14, 30)),
        source="Case notes (ChildView)",
        author_role="Social worker",
        what_happened="Home visit.\nMother present.\nChild asleep.",
        who_was_present="Mother",
        childs_voice="",
        opinion="Home conditions poor.",
        significant=True,
    )


def test_the_date_and_what_happened_are_required_and_both_are_reported_at_once():
    assert set(REQUIRED) == {"date", "what_happened"}
    assert problems_of(date="", what_happened="  ") == [
        ("date", "Enter the date"),
        ("what_happened", "Enter what happened"),
    ]


def test_every_problem_of_an_entry_is_named_by_its_part():
    found = problems_of(
        date="31/02/2024",
        what_happened="",
        source="x" * (MAX_SOURCE + 1),
        author_role="y" * (MAX_AUTHOR_ROLE + 1),
        opinion="z" * (MAX_TEXT + 1),
        significant="perhaps",
    )
    assert found == [
        ("date", "‘31/02/2024’ is not a real date"),
        ("what_happened", "Enter what happened"),
        ("source", "Source must be 300 characters or fewer"),
        ("author_role", "Author role must be 200 characters or fewer"),
        ("opinion", "Professional opinion or analysis must be 10,000 characters or fewer"),
        ("significant", "Significant must be yes or no"),
    ]


def test_the_error_raised_names_the_first_problem_and_keeps_them_all():
    with pytest.raises(EntryRuleError) as refused:
        check_entry({"date": "", "what_happened": ""}, **PERIOD)
    assert refused.value.field == "date" and str(refused.value) == "Enter the date"
    assert len(refused.value.problems) == 2


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"date": "yesterday"},
            "date",
            "‘yesterday’ is not a date: use a day like 12/03/2024, or a month like 03/2024",
        ),
        ({"date": "13/2024"}, "date", "‘13/2024’ is not a real date"),
        ({"date": "March 2024", "time": "10:00"}, "date", "A time needs the day too, like 12/03/2024"),
        # A time typed in its own box is wrong there; one typed in the date is the date's.
        (
            {"date": "12/03/2024", "time": "25:00"},
            "time",
            "‘25:00’ is not a time: use the 24-hour clock, like 14:30",
        ),
        (
            {"date": "12/03/2024 25:00"},
            "date",
            "The time in ‘12/03/2024 25:00’ is not a time: use the 24-hour clock, like 12/03/2024 14:30",
        ),
    ],
)
def test_each_date_mistake_has_its_own_words(values, field, message):
    assert problems_of(what_happened="Visit", **values) == [(field, message)]


def test_a_wrong_date_and_a_wrong_time_are_both_reported():
    assert problems_of(date="31/02/2024", time="25:00", what_happened="Visit") == [
        ("date", "‘31/02/2024’ is not a real date"),
        ("time", "‘25:00’ is not a time: use the 24-hour clock, like 14:30"),
    ]
    # A month with a time: the time may be right, it is the missing day that is wrong.
    assert problems_of(date="March 2024", time="10:00", what_happened="Visit") == [
        ("date", "A time needs the day too, like 12/03/2024")
    ]


def test_the_limits_are_exact():
    assert check(source="s" * MAX_SOURCE, author_role="a" * MAX_AUTHOR_ROLE, date="12/03/2024").source
    assert check(date="12/03/2024", what_happened="w" * MAX_TEXT).what_happened == "w" * MAX_TEXT
    assert problems_of(date="12/03/2024", what_happened="w" * (MAX_TEXT + 1)) == [
        ("what_happened", "What happened must be 10,000 characters or fewer")
    ]


# --- the chronology's period: 15 March 2022 to 1 March 2025


OUTSIDE = "The date must be within the chronology's period, 15 March 2022 to 1 March 2025"


@pytest.mark.parametrize(
    "text",
    [
        "15/03/2022",
        "01/03/2025",
        "01/03/2025 23:59",
        "15/03/2022 00:00",
        "March 2022",
        "March 2025",
        "2023-07",
    ],
)
def test_dates_on_the_edges_of_the_period_and_months_overlapping_it_are_inside(text):
    assert check(date=text).when.on.year in (2022, 2023, 2025)


@pytest.mark.parametrize("text", ["14/03/2022", "02/03/2025", "February 2022", "April 2025", "2019-01-01"])
def test_dates_outside_the_period_are_refused_with_the_period_in_words(text):
    assert problems_of(date=text, what_happened="Visit") == [("date", OUTSIDE)]


def test_a_month_straddling_the_start_of_the_period_is_kept_as_a_month_on_its_first_day():
    clean = check(date="March 2022")
    # Dated the 1st, before the period starts on the 15th, but the month overlaps the period.
    assert clean.when == When(date(2022, 3, 1), MONTH)
    assert clean.when.on < PERIOD["period_from"]


def test_a_month_ending_the_day_before_the_period_starts_is_outside():
    assert problems_of(date="02/2022", what_happened="x") == [("date", OUTSIDE)]
    december = check_entry(
        {"date": "December 2023", "what_happened": "x"},
        period_from=date(2023, 12, 31),
        period_to=date(2024, 1, 5),
    )
    assert december.when == When(date(2023, 12, 1), MONTH)
    with pytest.raises(EntryRuleError):
        check_entry(
            {"date": "November 2023", "what_happened": "x"},
            period_from=date(2023, 12, 1),
            period_to=date(2024, 1, 5),
        )


def test_a_when_already_read_from_a_cell_skips_the_parsing_but_not_the_period():
    inside = check_entry({"when": When(date(2024, 1, 2), DAY), "what_happened": "x"}, **PERIOD)
    assert inside.when == When(date(2024, 1, 2), DAY)
    with pytest.raises(EntryRuleError, match="within the chronology's period"):
        check_entry({"when": When(date(2021, 1, 2), DAY), "what_happened": "x"}, **PERIOD)


# --- significant


@pytest.mark.parametrize("value", [True, "yes", "Y", "TRUE", "1", "x", "✓", "significant", " Yes "])
def test_significant_yes(value):
    assert significant_from(value) is True


@pytest.mark.parametrize("value", [False, None, "", "no", "N", "false", "0"])
def test_significant_no(value):
    assert significant_from(value) is False


def test_significant_anything_else_is_refused():
    with pytest.raises(ValueError):
        significant_from("maybe")


# --- the fingerprint of an imported row


def visit(**changes) -> CleanEntry:
    given = {
        "when": When(date(2024, 3, 12), TIME, time(14, 30)),
        "source": "Case notes",
        "author_role": "Social worker",
        "what_happened": "Home visit",
        "who_was_present": "Mother",
        "childs_voice": "Said he was fine",
        "opinion": "Neglect concerns",
        "significant": True,
    }
    return CleanEntry(**{**given, **changes})


def test_the_fingerprint_is_stable_across_releases():
    # Imports already in the database carry these: a change of the recipe would re-import rows.
    assert visit().fingerprint() == "171790c091a59a1d99c522def7b12fc73026e785cae5c579ff0fb970c6596796"
    month = CleanEntry(when=When(date(2024, 3, 1), MONTH), what_happened="Referral")
    assert month.fingerprint() == "0609cba743dd123d3dd156a7246b1cb37bc6432a3a35d5965def8360819ceb2c"


def test_the_same_facts_typed_differently_give_the_same_fingerprint():
    typed = check_entry(
        {
            "date": "12 March 2024",
            "time": "2:30pm",
            "source": " Case notes ",
            "author_role": "Social worker",
            "what_happened": "Home visit\r\n",
            "who_was_present": "Mother",
            "childs_voice": "Said he was fine",
            "opinion": "Neglect concerns",
            "significant": "yes",
        },
        **PERIOD,
    )
    assert typed.fingerprint() == visit().fingerprint()


@pytest.mark.parametrize(
    "changes",
    [
        {"when": When(date(2024, 3, 12), DAY)},
        {"when": When(date(2024, 3, 12), TIME, time(14, 31))},
        {"when": When(date(2024, 3, 13), TIME, time(14, 30))},
        {"source": "Case note"},
        {"author_role": "Nurse"},
        {"what_happened": "Home visit."},
        {"who_was_present": ""},
        {"childs_voice": "Said he was fine."},
        {"opinion": ""},
        {"significant": False},
    ],
)
def test_any_change_of_any_part_changes_the_fingerprint(changes):
    assert visit(**changes).fingerprint() != visit().fingerprint()


def test_parts_do_not_run_into_each_other_in_the_fingerprint():
    assert (
        visit(source="ab", author_role="c").fingerprint() != visit(source="a", author_role="bc").fingerprint()
    )


def test_the_import_columns_cover_every_part_of_an_entry():
    assert list(COLUMNS) == [
        "date",
        "time",
        "source",
        "author_role",
        "what_happened",
        "who_was_present",
        "childs_voice",
        "opinion",
        "significant",
    ]
