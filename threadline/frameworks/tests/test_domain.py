"""The rules every stage keeps, without a database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from threadline.core.domain.deadlines import CalendarMonthsAfter, WorkingDaysAfter, WorkingDaysBefore
from threadline.frameworks.domain.definitions import version_from_dict
from threadline.frameworks.domain.rules import (
    LIMITS,
    FrameworkRuleError,
    StageDraft,
    describe_deadline,
    humanise,
    rules_of,
    stage_problems,
    to_key,
)

ROLES = ("practitioner", "service-manager", "review-chair", "system-administrator", "national-body-reader")


def problems(earlier=("notification",), **changes):
    values = {
        "name": "Initial Learning Review",
        "completed_by": ["service-manager"],
        "runs_from": "notification",
        "deadline_kind": "working_days_after",
        "deadline_n": 10,
    }
    values.update(changes)
    return dict(stage_problems(StageDraft(**values), earlier_stage_keys=list(earlier), known_roles=ROLES))


def test_a_stage_as_the_seed_gives_it_has_no_problems():
    assert problems() == {}


def test_a_negative_number_of_days_is_refused():
    assert problems(deadline_n=-1) == {"deadline_n": "The number of working days must be 0 or more"}


@pytest.mark.parametrize(
    ("kind", "limit", "unit"),
    [
        ("working_days_after", 400, "working days"),
        ("working_days_before", 400, "working days"),
        ("calendar_days_after", 730, "calendar days"),
        ("calendar_months_after", 24, "months"),
    ],
)
def test_an_unreasonably_long_deadline_is_refused(kind, limit, unit):
    runs_from = "publication-planned" if kind == "working_days_before" else "notification"
    assert problems(deadline_kind=kind, deadline_n=limit, runs_from=runs_from) == {}
    assert problems(deadline_kind=kind, deadline_n=limit + 1, runs_from=runs_from) == {
        "deadline_n": f"The number of {unit} must be {limit} or fewer"
    }


def test_a_deadline_needs_its_number():
    assert problems(deadline_n=None) == {"deadline_n": "Enter how many working days the deadline allows"}


def test_an_unknown_kind_of_deadline_is_refused():
    assert problems(deadline_kind="fortnights_after") == {
        "deadline_kind": "Select how the deadline is counted from the list"
    }


def test_an_unknown_role_is_refused():
    assert problems(completed_by=["wizard"]) == {
        "completed_by": "‘wizard’ is not a role in Threadline: choose roles from the list"
    }


def test_someone_must_complete_the_stage():
    assert problems(completed_by=[]) == {"completed_by": "Select who completes the stage"}


@pytest.mark.parametrize("role", ["system-administrator", "national-body-reader"])
def test_roles_that_take_no_part_in_reviews_cannot_complete_a_stage(role):
    assert "cannot complete a stage" in problems(completed_by=[role])["completed_by"]


def test_the_first_stage_cannot_run_from_a_previous_stage():
    assert problems(earlier=(), runs_from="previous-stage") == {
        "runs_from": "The first stage cannot run from a previous stage"
    }


def test_a_stage_runs_only_from_a_stage_before_it():
    assert problems(runs_from="stage:notification") == {}
    assert problems(runs_from="stage:full-learning-review") == {
        "runs_from": "A stage can only run from a stage that comes before it"
    }


def test_an_unknown_event_is_refused():
    assert problems(runs_from="full-moon") == {
        "runs_from": "Select an event or an earlier stage from the list"
    }


def test_a_deadline_counted_back_runs_from_a_planned_date():
    # seed 001 §2.7.5: no later than seven working days before the date of publication
    assert problems(deadline_kind="working_days_before", deadline_n=7, runs_from="publication-planned") == {}
    assert "planned date" in problems(deadline_kind="working_days_before", deadline_n=7)["runs_from"]


def test_an_outer_limit_is_at_least_the_deadline_and_of_the_same_rule():
    # seed 004: six to nine months
    ok = problems(deadline_kind="calendar_months_after", deadline_n=6, outer_limit_n=9, runs_from="decision")
    assert ok == {}
    assert problems(deadline_kind="calendar_months_after", deadline_n=6, outer_limit_n=5) == {
        "outer_limit_n": "The outer limit must be at least the deadline (6)"
    }
    assert "needs a deadline" in problems(deadline_kind="", deadline_n=None, outer_limit_n=9)["outer_limit_n"]
    before = problems(
        deadline_kind="working_days_before", deadline_n=7, outer_limit_n=9, runs_from="publication-planned"
    )
    assert before == {"outer_limit_n": "A deadline counted back from a date cannot have an outer limit"}


def test_no_deadline_is_allowed():
    assert problems(deadline_kind="", deadline_n=None) == {}


def test_records_are_keys_listed_once():
    assert problems(records=["decision", "rationale"]) == {}
    assert problems(records=["decision", "decision"]) == {"records": "‘decision’ is listed twice"}
    assert "not a name for a record" in problems(records=["The decision"])["records"]


def test_rules_of_a_checked_stage():
    draft = StageDraft(
        name="Report",
        completed_by=["reviewer"],
        runs_from="decision",
        deadline_kind="calendar_months_after",
        deadline_n=6,
        outer_limit_n=9,
    )
    assert rules_of(draft) == (CalendarMonthsAfter(6), CalendarMonthsAfter(9))


def test_deadlines_read_as_sentences():
    names = {"initial-learning-review": "Initial Learning Review (ILR)"}
    assert (
        describe_deadline(WorkingDaysAfter(10), None, "notification")
        == "Within 10 working days of the notification"
    )
    assert (
        describe_deadline(WorkingDaysBefore(7), None, "publication-planned")
        == "No later than 7 working days before the planned publication date"
    )
    assert (
        describe_deadline(CalendarMonthsAfter(6), CalendarMonthsAfter(9), "decision")
        == "Within 6 months of the decision to review, and no later than 9 months"
    )
    assert (
        describe_deadline(CalendarMonthsAfter(3), None, "stage:initial-learning-review", names)
        == "Within 3 months of ‘Initial Learning Review (ILR)’ being completed"
    )
    assert describe_deadline(None, None, "notification") == "No deadline"


def test_keys_and_labels():
    assert to_key("Rationale for the decision") == "rationale-for-the-decision"
    assert to_key("Child's behaviour") == "childs-behaviour"
    assert humanise("rationale-for-the-decision") == "Rationale for the decision"


@given(kind=st.sampled_from(sorted(LIMITS)), n=st.integers(min_value=-1000, max_value=1000))
def test_a_number_is_accepted_exactly_when_it_is_within_the_limit(kind, n):
    runs_from = "publication-planned" if kind == "working_days_before" else "notification"
    found = problems(deadline_kind=kind, deadline_n=n, runs_from=runs_from)
    assert (found == {}) == (0 <= n <= LIMITS[kind][0])


def _fixture(**changes):
    data = {
        "framework": {"key": "test-framework", "name": "Test framework"},
        "version": 1,
        "stages": [
            {
                "key": "notification",
                "name": "Notification",
                "completed_by": ["practitioner"],
                "runs_from": "incident",
            },
            {
                "key": "review",
                "name": "Review",
                "completed_by": ["review-chair"],
                "runs_from": "notification",
                "deadline": {"kind": "working_days_after", "n": 10},
            },
        ],
    }
    data.update(changes)
    return data


def test_a_fixture_is_read_into_a_version_definition():
    version = version_from_dict(_fixture(), known_roles=ROLES)
    assert [s.key for s in version.stages] == ["notification", "review"]
    assert version.stages[1].deadline == WorkingDaysAfter(10)


def test_a_fixture_with_two_stages_of_one_key_is_refused():
    stages = _fixture()["stages"]
    stages[1]["key"] = "notification"
    with pytest.raises(FrameworkRuleError, match="two stages have the key 'notification'"):
        version_from_dict(_fixture(stages=stages), known_roles=ROLES)


def test_a_fixture_with_a_bad_rule_says_which_stage():
    stages = _fixture()["stages"]
    stages[1]["deadline"] = {"kind": "working_days_after", "n": -3}
    with pytest.raises(FrameworkRuleError, match=r"stage 2 \(review\)"):
        version_from_dict(_fixture(stages=stages), known_roles=ROLES)


def test_an_outer_limit_of_another_kind_is_refused():
    stages = _fixture()["stages"]
    stages[1]["outer_limit"] = {"kind": "calendar_months_after", "n": 9}
    with pytest.raises(FrameworkRuleError, match="same kind of rule"):
        version_from_dict(_fixture(stages=stages), known_roles=ROLES)
