"""Sharing a review's costs (seed 001 §1.2): parts add up to the total to the penny, none is
negative, and under Option 2 no partner pays more than 80%."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from threadline.reviews.domain.costs import (
    ApportionOption,
    CostRuleError,
    Share,
    apportion,
    check_shares,
    pence_from_pounds,
    pounds_text,
)

BY_INVOLVEMENT = ApportionOption.BY_INVOLVEMENT
AGREED = ApportionOption.AGREED_PERCENTAGES


def shares(*amounts):
    return [Share(organisation_id=i + 1, amount=a) for i, a in enumerate(amounts)]


def _split_at(cuts) -> list[int]:
    points = [0, *sorted(cuts), 100]
    return [b - a for a, b in zip(points, points[1:], strict=False)]


# Whole percentages adding up to 100 (cut points on 0..100), none above 80.
percentages = (
    st.lists(st.integers(min_value=1, max_value=99), unique=True, min_size=1, max_size=8)
    .map(_split_at)
    .filter(lambda parts: max(parts) <= 80)
    .map(lambda parts: shares(*parts))
)


totals = st.integers(min_value=0, max_value=100_000_000_00)
weights = st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=12).filter(
    lambda w: sum(w) > 0
)


@given(total=totals, weights=weights)
def test_option_1_parts_add_up_exactly_to_the_total_and_none_is_negative(total, weights):
    parts = apportion(total, BY_INVOLVEMENT, shares(*weights))
    assert sum(parts.values()) == total
    assert all(part >= 0 for part in parts.values())


@given(total=totals, split=percentages)
def test_option_2_parts_add_up_exactly_and_none_exceeds_80_percent_plus_a_penny(total, split):
    parts = apportion(total, AGREED, split)
    assert sum(parts.values()) == total
    assert all(0 <= part <= total * 80 // 100 + 1 for part in parts.values())


@given(total=totals, highest=st.integers(min_value=81, max_value=100))
def test_option_2_refuses_any_split_whose_highest_share_is_above_80_percent(total, highest):
    split = shares(highest, 100 - highest) if highest < 100 else shares(100)
    with pytest.raises(CostRuleError) as refused:
        apportion(total, AGREED, split)
    assert str(refused.value) == f"The highest share is {highest}%: no partner may pay more than 80%"
    assert refused.value.field == "shares"


def test_option_1_shares_by_involvement_points_with_leftover_pennies_to_the_largest_remainder():
    assert apportion(100, BY_INVOLVEMENT, shares(1, 1, 1)) == {1: 34, 2: 33, 3: 33}
    assert apportion(1000_00, BY_INVOLVEMENT, shares(3, 1)) == {1: 750_00, 2: 250_00}
    assert apportion(5, BY_INVOLVEMENT, shares(1, 2)) == {1: 2, 2: 3}


def test_option_2_percentages_must_add_up_to_exactly_100():
    with pytest.raises(
        CostRuleError, match="The percentages add up to 90%: they must add up to exactly 100%"
    ):
        check_shares(AGREED, shares(50, 40))
    assert apportion(1250_50, AGREED, shares(80, 20)) == {1: 1000_40, 2: 250_10}


def test_one_partner_bearing_the_total_cost_is_its_own_choice_not_a_percentage_split():
    # Seed 001 §1.2.3: the primary responsible partner may bear the total cost.
    one = ApportionOption.ONE_PARTNER
    assert apportion(1250_50, one, shares(0, 100, 0)) == {1: 0, 2: 1250_50, 3: 0}
    for split in [(100, 100), (60, 40), (0, 90), (0, 0)]:
        with pytest.raises(CostRuleError, match="Give 100% to the one partner bearing the total cost"):
            check_shares(one, shares(*split))
    # The same 100% as an agreed percentage split is above the cap.
    with pytest.raises(CostRuleError, match="The highest share is 100%"):
        check_shares(AGREED, shares(100, 0))


def test_a_split_with_no_share_or_a_repeated_organisation_is_refused():
    with pytest.raises(CostRuleError, match="at least one organisation"):
        check_shares(BY_INVOLVEMENT, [])
    with pytest.raises(CostRuleError, match="some involvement points"):
        check_shares(BY_INVOLVEMENT, shares(0, 0))
    with pytest.raises(CostRuleError, match="only one share"):
        check_shares(BY_INVOLVEMENT, [Share(1, 1), Share(1, 2)])
    with pytest.raises(CostRuleError, match="cannot be negative"):
        check_shares(BY_INVOLVEMENT, shares(2, -1))


@pytest.mark.parametrize(
    ("typed", "pence"),
    [("1,250.50", 125050), ("£1250.5", 125050), ("0", 0), (" 12 ", 1200), ("1,000,000", 100_000_000)],
)
def test_amounts_in_pounds_become_pence(typed, pence):
    assert pence_from_pounds(typed) == pence


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "The amount cannot be negative"),
        ("ten pounds", "Enter the amount as a number of pounds, like 1,250.50"),
        ("1.234", "Enter the amount to the nearest penny, like 1,250.50"),
        ("NaN", "Enter the amount as a number of pounds, like 1,250.50"),
        ("", "Enter an amount in pounds, like 1,250.50"),
    ],
)
def test_negative_or_non_numeric_amounts_are_refused(typed, message):
    with pytest.raises(CostRuleError, match=message):
        pence_from_pounds(typed, "estimated")


@given(pence=st.integers(min_value=0, max_value=100_000_000_00))
def test_pounds_text_reads_back_as_the_same_pence(pence):
    assert pence_from_pounds(pounds_text(pence)) == pence
