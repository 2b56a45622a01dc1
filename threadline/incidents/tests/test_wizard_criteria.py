"""Which criteria a notification offers (domain.notification): pure, no database."""

import json
from pathlib import Path

import pytest

from ..domain.notification import (
    NOTIFICATION_CRITERIA_GROUPS,
    CriterionChoice,
    criteria_for_category,
    notification_groups,
)

FIXTURES = Path(__file__).resolve().parents[2] / "frameworks" / "fixtures" / "builtin"


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.v1.json")), ids=lambda p: p.name)
def test_every_built_in_framework_names_lists_it_really_has(path):
    fixture = json.loads(path.read_text())
    key = fixture["framework"]["key"]
    lists = [group["key"] for group in fixture["criteria_groups"]]
    assert key in NOTIFICATION_CRITERIA_GROUPS
    assert set(NOTIFICATION_CRITERIA_GROUPS[key]) <= set(lists)
    assert notification_groups(key, lists) == [g for g in lists if g in NOTIFICATION_CRITERIA_GROUPS[key]]


def test_a_framework_made_in_threadline_offers_all_its_lists():
    assert notification_groups("our-own-process", ["a", "b"]) == ["a", "b"]


CRITERIA = [
    CriterionChoice(1, "mandatory", "safeguarding", "Death of a young person"),
    CriterionChoice(2, "mandatory", "public-protection", "Murder or manslaughter"),
    CriterionChoice(3, "discretionary", "", "Something without a category"),
]


def test_criteria_of_the_other_category_are_not_offered():
    assert [c.pk for c in criteria_for_category(CRITERIA, "safeguarding")] == [1, 3]
    assert [c.pk for c in criteria_for_category(CRITERIA, "public-protection")] == [2, 3]


def test_without_a_category_or_categorised_criteria_everything_is_offered():
    assert criteria_for_category(CRITERIA, "") == CRITERIA
    plain = [CriterionChoice(4, "triggers", "", "A near miss")]
    assert criteria_for_category(plain, "safeguarding") == plain


def test_when_no_criterion_fits_the_category_all_are_offered_rather_than_none():
    only_safeguarding = CRITERIA[:1]
    assert criteria_for_category(only_safeguarding, "public-protection") == only_safeguarding
