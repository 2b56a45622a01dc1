"""One incident, one record: the same child with an incident within three days either side.
Pure: no database."""

from datetime import date

from threadline.incidents.domain.duplicates import DUPLICATE_WINDOW_DAYS, KnownIncident, likely_duplicates

ON = date(2025, 6, 20)


def known(pk, key, on):
    return KnownIncident(pk=pk, child_match_key=key, occurred_on=on)


def test_the_window_is_three_days():
    assert DUPLICATE_WINDOW_DAYS == 3


def test_the_same_child_within_three_days_either_side_is_a_likely_duplicate():
    incidents = [
        known(1, "child-a", date(2025, 6, 17)),
        known(2, "child-a", date(2025, 6, 23)),
        known(3, "child-a", ON),
    ]
    assert likely_duplicates(child_match_key="child-a", occurred_on=ON, known=incidents) == [3, 1, 2]


def test_four_days_away_is_a_different_incident():
    incidents = [known(1, "child-a", date(2025, 6, 16)), known(2, "child-a", date(2025, 6, 24))]
    assert likely_duplicates(child_match_key="child-a", occurred_on=ON, known=incidents) == []


def test_another_child_on_the_same_day_is_not_a_duplicate():
    incidents = [known(1, "child-b", ON)]
    assert likely_duplicates(child_match_key="child-a", occurred_on=ON, known=incidents) == []


def test_the_closest_comes_first():
    incidents = [known(7, "child-a", date(2025, 6, 22)), known(8, "child-a", date(2025, 6, 21))]
    assert likely_duplicates(child_match_key="child-a", occurred_on=ON, known=incidents) == [8, 7]
