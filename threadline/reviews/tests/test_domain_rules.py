"""Decisions, merging concurrent edits and the task list: the pure rules."""

from datetime import date

import pytest

from threadline.reviews.domain.decisions import (
    DEFAULT_DECISION,
    DecisionInput,
    decision_problems,
    decision_spec,
)
from threadline.reviews.domain.merge import COMBINE, THEIRS, YOURS, combined, resolve, three_way_merge
from threadline.reviews.domain.tasklist import TaskStage, TaskStatus, can_start, task_status

TODAY = date(2025, 3, 20)


def given(**changes):
    base = {
        "outcome": "full-learning-review",
        "rationale": "Several agencies missed the exploitation risk.",
        "decided_on": date(2025, 3, 19),
        "decision_makers": "Head of Service for Youth Justice",
        "independence": "independent",
    }
    return DecisionInput(**{**base, **changes})


YJS_DECISION = decision_spec("yjs-serious-incident-review", "action-plan-and-decision")


def test_a_yjs_decision_for_a_full_learning_review_needs_its_level_of_independence():
    assert decision_problems(YJS_DECISION, given(), today=TODAY) == []
    assert decision_problems(YJS_DECISION, given(independence=""), today=TODAY) == [
        ("independence", "Select the level of independence")
    ]
    assert (
        decision_problems(
            YJS_DECISION, given(outcome="no-full-learning-review", independence=""), today=TODAY
        )
        == []
    )


def test_a_decision_without_rationale_is_refused_next_to_the_rationale():
    assert decision_problems(YJS_DECISION, given(rationale="   "), today=TODAY) == [
        ("rationale", "Enter the rationale for the decision")
    ]


def test_every_problem_of_a_decision_is_named_at_once():
    problems = decision_problems(
        YJS_DECISION, given(outcome="", rationale="", decided_on=None, decision_makers=""), today=TODAY
    )
    assert [field for field, _ in problems] == ["outcome", "rationale", "decided_on", "decision_makers"]


def test_a_decision_cannot_be_dated_in_the_future_or_before_the_incident():
    assert decision_problems(YJS_DECISION, given(decided_on=date(2025, 3, 21)), today=TODAY) == [
        ("decided_on", "The date of the decision must be today or in the past")
    ]
    assert decision_problems(
        YJS_DECISION, given(decided_on=date(2025, 2, 1)), today=TODAY, earliest=date(2025, 3, 1)
    ) == [("decided_on", "The date of the decision cannot be before the incident")]


def test_no_local_review_in_england_needs_its_reasons():
    english = decision_spec("english-practice-review", "decision")
    assert decision_problems(english, given(outcome="no-local-review", independence=""), today=TODAY) == [
        ("outcome_detail", "Enter the reasons for not holding a local review")
    ]
    assert decision_problems(english, given(outcome="local-review"), today=TODAY) == []


def test_a_scottish_recommendation_not_to_proceed_needs_the_alternative_approach():
    scottish = decision_spec("scottish-learning-review", "recommendation")
    assert [o.value for o in scottish.outcomes] == ["proceed", "do-not-proceed"]
    problems = decision_problems(scottish, given(outcome="do-not-proceed"), today=TODAY)
    assert problems == [("outcome_detail", "Enter the suggested alternative approach for learning")]


def test_a_framework_threadline_does_not_know_gets_a_decision_in_words():
    spec = decision_spec("made-by-an-administrator", "decision")
    assert spec is DEFAULT_DECISION and spec.is_free
    assert decision_problems(spec, given(outcome="Hold a themed audit instead"), today=TODAY) == []
    assert decision_problems(spec, given(outcome="x" * 301), today=TODAY)[0][0] == "outcome"


def test_an_outcome_not_offered_is_refused():
    assert decision_problems(YJS_DECISION, given(outcome="maybe"), today=TODAY) == [
        ("outcome", "Select what was decided from the list")
    ]


# Merging


def test_a_part_only_one_person_changed_keeps_their_change_and_only_parts_both_changed_conflict():
    result = three_way_merge(
        names=["a", "b", "c", "d"],
        base={"a": "1", "b": "1", "c": "1", "d": "1"},
        theirs={"a": "2", "b": "1", "c": "3", "d": "5"},
        yours={"a": "1", "b": "2", "c": "4", "d": "5"},
    )
    assert result.merged == {"a": "2", "b": "2", "c": "4", "d": "5"}
    assert result.conflicts == ("c",)
    assert result.theirs_only == ("a",)


def test_the_person_chooses_theirs_yours_or_both_for_each_conflict():
    result = three_way_merge(
        names=["x", "y", "z"],
        base={},
        theirs={"x": "T", "y": "T", "z": "T"},
        yours={"x": "Y", "y": "Y", "z": "Y"},
    )
    values, problems = resolve(
        result,
        choices={"x": THEIRS, "y": YOURS, "z": COMBINE},
        theirs={"x": "T", "y": "T", "z": "T"},
        yours={"x": "Y", "y": "Y", "z": "Y"},
        combinations={"z": combined("T", "Y")},
    )
    assert values == {"x": "T", "y": "Y", "z": "T\n\nY"}
    assert problems == []
    _, problems = resolve(result, choices={}, theirs={}, yours={}, combinations={})
    assert problems == [
        ("x", "Select which text to keep"),
        ("y", "Select which text to keep"),
        ("z", "Select which text to keep"),
    ]


# The task list

STAGES = [
    TaskStage("notification", 1, "awareness"),
    TaskStage("initial-learning-review", 2, "awareness"),
    TaskStage("action-plan-and-decision", 3, "stage:initial-learning-review"),
    TaskStage("full-learning-review", 4, "decision", optional=True),
    TaskStage("learning-shared-with-boards", 5, "previous-stage"),
]


def startable(key, *, events=("awareness",), done=(), skipped=()):
    stage = next(s for s in STAGES if s.key == key)
    return can_start(stage, STAGES, events=set(events), done=set(done), skipped=set(skipped))


def test_a_stage_can_start_once_what_it_runs_from_has_happened():
    assert startable("initial-learning-review")
    assert not startable("action-plan-and-decision")
    assert startable("action-plan-and-decision", done={"initial-learning-review"})
    assert not startable("full-learning-review")
    assert startable("full-learning-review", events={"awareness", "decision"})


def test_a_stage_after_one_not_needed_can_start_when_that_one_could_have():
    assert not startable("learning-shared-with-boards", skipped={"full-learning-review"})
    assert startable(
        "learning-shared-with-boards", events={"awareness", "decision"}, skipped={"full-learning-review"}
    )
    assert startable("learning-shared-with-boards", done={"full-learning-review"})


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        ({"done": True, "skipped": False, "startable": True, "started": True}, TaskStatus.COMPLETED),
        ({"done": False, "skipped": True, "startable": True, "started": False}, TaskStatus.NOT_NEEDED),
        ({"done": False, "skipped": False, "startable": False, "started": True}, TaskStatus.CANNOT_START),
        ({"done": False, "skipped": False, "startable": True, "started": True}, TaskStatus.IN_PROGRESS),
        ({"done": False, "skipped": False, "startable": True, "started": False}, TaskStatus.NOT_STARTED),
    ],
)
def test_where_a_stage_stands(facts, status):
    assert task_status(**facts) is status
    assert status.label in {"Completed", "Not needed", "Cannot start yet", "In progress", "Not yet started"}
