"""The rules of meetings, without a database: UK times across the clock changes, invitees typed
one a line, what an invitation may say, and how held meetings read on a stage."""

from datetime import UTC, date, datetime, time

import pytest
from hypothesis import given
from hypothesis.strategies import dates, integers

from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.domain.meetings import (
    Invitee,
    held_summary,
    identifying_words,
    meeting_times,
    mentions_the_child,
    parse_invitees,
)


def test_a_winter_meeting_is_at_the_same_hour_in_utc():
    starts, ends = meeting_times(date(2025, 1, 15), time(10, 0), time(12, 30))
    assert starts.astimezone(UTC) == datetime(2025, 1, 15, 10, 0, tzinfo=UTC)
    assert ends.astimezone(UTC) == datetime(2025, 1, 15, 12, 30, tzinfo=UTC)


def test_a_summer_meeting_is_an_hour_earlier_in_utc():
    starts, _ = meeting_times(date(2025, 6, 12), time(10, 0), time(12, 0))
    assert starts.astimezone(UTC) == datetime(2025, 6, 12, 9, 0, tzinfo=UTC)


def test_on_the_days_the_clocks_change_the_hour_follows_the_new_time():
    spring, _ = meeting_times(date(2025, 3, 30), time(10, 0), time(11, 0))
    autumn, _ = meeting_times(date(2025, 10, 26), time(10, 0), time(11, 0))
    assert spring.astimezone(UTC).hour == 9
    assert autumn.astimezone(UTC).hour == 10


def test_a_time_the_clocks_skip_is_refused():
    with pytest.raises(ReviewRuleError, match="no 01:30 on 30 March 2025") as refused:
        meeting_times(date(2025, 3, 30), time(1, 30), time(3, 0))
    assert refused.value.field == "start_time"


def test_a_meeting_that_ends_before_it_starts_is_refused_at_the_end_time():
    with pytest.raises(ReviewRuleError, match="must end after it starts") as refused:
        meeting_times(date(2025, 6, 12), time(14, 0), time(13, 0))
    assert refused.value.problems == [("end_time", "The meeting must end after it starts")]


def test_every_missing_part_is_named():
    with pytest.raises(ReviewRuleError) as refused:
        meeting_times(None, None, None)
    assert [field for field, _ in refused.value.problems] == ["day", "start_time", "end_time"]


@given(day=dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)), hour=integers(6, 20))
def test_an_hour_long_meeting_always_lasts_an_hour(day, hour):
    starts, ends = meeting_times(day, time(hour, 0), time(hour + 1, 0))
    assert (ends - starts).total_seconds() == 3600
    assert starts.astimezone(UTC).hour in (hour, hour - 1)


def test_invitees_are_read_one_a_line_with_the_organisation_optional():
    text = (
        "Sam Patel <sam.patel@example.org>, Northbridge Schools Service\r\n"
        "\n"
        "  DS Amara Khan <amara.khan@police.example>  \n"
        "O'Neil, Dana <dana@example.org>, Health, Northbridge"
    )
    assert parse_invitees(text) == [
        Invitee("Sam Patel", "sam.patel@example.org", "Northbridge Schools Service"),
        Invitee("DS Amara Khan", "amara.khan@police.example", ""),
        Invitee("O'Neil, Dana", "dana@example.org", "Health, Northbridge"),
    ]


def test_each_bad_line_is_named_by_its_number():
    text = (
        "Sam Patel <sam.patel@example.org>\n"
        "bob at example.org\n"
        "<nobody@example.org>\n"
        "Ann <ann@>\n"
        "Sam again <SAM.PATEL@example.org>"
    )
    with pytest.raises(ReviewRuleError) as refused:
        parse_invitees(text)
    assert refused.value.problems == [
        ("other_invitees", "Line 2, ‘bob at example.org’, is not in the form Name <email>, organisation"),
        ("other_invitees", "Line 3, ‘<nobody@example.org>’, has no name before the e-mail address"),
        ("other_invitees", "Line 4: ‘ann@’ is not an e-mail address"),
        ("other_invitees", "Line 5: SAM.PATEL@example.org is already invited"),
    ]


def test_someone_invited_from_the_team_is_not_invited_twice():
    with pytest.raises(ReviewRuleError, match="Line 1: ruth@example.test is already invited"):
        parse_invitees("Ruth <ruth@example.test>", already=["Ruth@Example.test"])


def test_the_childs_name_and_identifiers_are_found_as_whole_words_only():
    words = identifying_words("Jayden Morrow", "CMS-448812; PNC 12; NHS number 943 476 5919")
    assert words == ["Jayden", "Morrow", "CMS-448812", "5919"]
    assert mentions_the_child("Meeting about jayden", words)
    assert mentions_the_child("Ref CMS-448812", words)
    assert not mentions_the_child("Morrowfield Community Centre", words)
    assert not mentions_the_child("Review team meeting", words)
    assert identifying_words("Al Li", "") == []


def test_held_meetings_read_as_a_count_and_the_last_date():
    assert held_summary(0, None, one="team meeting", many="team meetings") == ""
    assert held_summary(1, date(2025, 4, 4), one="team meeting", many="team meetings") == (
        "1 team meeting, on 4 April 2025"
    )
    assert held_summary(3, date(2025, 4, 4), one="team meeting", many="team meetings") == (
        "3 team meetings, the last on 4 April 2025"
    )
