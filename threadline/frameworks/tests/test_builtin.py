"""The five built-in frameworks of DESIGN §2, loaded with the seeds' own stages, numbers and lists."""

from datetime import date

import pytest

from threadline.core.domain.deadlines import (
    CalendarMonthsAfter,
    WorkingDaysAfter,
    WorkingDaysBefore,
    due_date,
)
from threadline.core.domain.working_days import calendar_for
from threadline.frameworks.models import Framework, VersionStatus
from threadline.frameworks.selectors import criteria_of, stages_of, version_for_new_review

from .conftest import KEYS

pytestmark = pytest.mark.django_db

SEEDS = {
    "yjs-serious-incident-review": "seed 000",
    "english-practice-review": "seed 001",
    "national-youth-justice-incident": "seed 002",
    "local-board-learning-review": "seed 003",
    "scottish-learning-review": "seed 004",
}


def stage(version, key):
    return version.stages.get(key=key)


def test_the_data_migration_loaded_the_five_frameworks_as_published_version_1(builtin):
    assert set(builtin) == set(KEYS)
    for version in builtin.values():
        assert version.number == 1
        assert version.status == VersionStatus.PUBLISHED
        assert version.published_at is not None
        assert version.fixture_name == f"{version.framework.key}.v1.json"


def test_every_stage_cites_its_seed(builtin):
    for key, version in builtin.items():
        assert version.framework.source.startswith(SEEDS[key])
        for each in stages_of(version):
            assert each.source.startswith(SEEDS[key]), f"{key}: {each.name} cites {each.source!r}"


def test_yjs_initial_review_within_10_working_days_of_awareness_and_full_review_within_3_months(builtin):
    yjs = builtin["yjs-serious-incident-review"]
    assert [s.key for s in stages_of(yjs)] == [
        "notification",
        "initial-learning-review",
        "action-plan-and-decision",
        "full-learning-review",
        "learning-shared-with-boards",
        "understanding-our-learning",
        "check-back",
    ]
    ilr = stage(yjs, "initial-learning-review")
    # seed 000 §14 flowchart: "Serious Incident Occurs → ILR within 10 working days"
    assert ilr.rule == WorkingDaysAfter(10)
    assert ilr.runs_from == "awareness"  # seed 000 §7.3: the next panel after the YJS becoming aware
    assert ilr.deadline_in_words() == "Within 10 working days of the service becoming aware of the incident"
    flr = stage(yjs, "full-learning-review")
    assert flr.rule == CalendarMonthsAfter(3)  # seed 000 §7.7
    assert flr.runs_from == "decision"
    assert flr.optional
    decision = stage(yjs, "action-plan-and-decision")
    assert {"action-plan", "decision", "rationale"} <= set(decision.records)


def test_yjs_criteria_are_both_lists_of_seed_000_section_6(builtin):
    yjs = builtin["yjs-serious-incident-review"]
    safeguarding = list(criteria_of(yjs, "safeguarding").values_list("text", "category"))
    board = list(criteria_of(yjs, "youth-justice-board").values_list("text", "category"))
    assert len(safeguarding) == 5 and all(category == "safeguarding" for _, category in safeguarding)
    assert len(board) == 5 and all(category == "public-protection" for _, category in board)
    assert "Attempts suicide" in [text for text, _ in safeguarding]
    assert "Terrorism related offence" in [text for text, _ in board]


def test_national_critical_learning_report_within_10_working_days_with_its_sections(builtin):
    national = builtin["national-youth-justice-incident"]
    report = stage(national, "critical-learning-review")
    assert report.rule == WorkingDaysAfter(10)  # seed 002 §1.4
    assert report.runs_from == "notification"
    assert report.records == [
        "behaviour-of-the-child",
        "learning",
        "good-practice",
        "quality-assurance",
        "actions",
    ]
    assert stage(national, "extended-learning-review").optional


def test_national_notification_criteria_are_mandatory_and_discretionary_by_category(builtin):
    national = builtin["national-youth-justice-incident"]
    mandatory = list(criteria_of(national, "mandatory").values_list("category", flat=True))
    discretionary = list(criteria_of(national, "discretionary").values_list("category", flat=True))
    assert mandatory.count("safeguarding") == 3 and mandatory.count("public-protection") == 3
    assert discretionary.count("safeguarding") == 3 and discretionary.count("public-protection") == 1


def test_english_report_within_6_months_of_the_decision_and_to_the_panel_7_working_days_before_publication(
    builtin,
):
    english = builtin["english-practice-review"]
    report = stage(english, "final-report")
    assert report.rule == CalendarMonthsAfter(6)  # seed 001 §2.7.6
    assert report.runs_from == "decision"
    panel = stage(english, "report-to-panel")
    assert panel.rule == WorkingDaysBefore(7)  # seed 001 §2.7.5
    assert panel.runs_from == "publication-planned"
    assert panel.deadline_in_words() == "No later than 7 working days before the planned publication date"
    publication = stage(english, "publication")
    assert publication.rule == CalendarMonthsAfter(6)
    assert "at least one year" in publication.description  # seed 001 §2.7.3
    assert "reasons-for-not-publishing" in publication.records
    assert "conflict-of-interest-declaration" in stage(english, "commission-reviewer").records


def test_english_criteria_and_the_11_review_methods(builtin):
    english = builtin["english-practice-review"]
    assert criteria_of(english, "local-review").count() == 4  # seed 001 §2.4.2
    assert criteria_of(english, "local-review-circumstances").count() == 4  # §2.4.3
    assert criteria_of(english, "serious-case").count() == 2  # §2.3.7
    methods = list(english.methods.order_by("order").values_list("name", flat=True))
    assert len(methods) == 11  # seed 001 §3.2
    assert methods[0] == "Single-agency audit"
    assert methods[-1] == "Children and young people outreach"


def test_local_board_review_has_the_four_phases_then_the_annual_report(builtin):
    local = builtin["local-board-learning-review"]
    names = [s.name for s in stages_of(local)]
    assert names == [
        "Phase 1: Preparation",
        "Phase 2: Action",
        "Phase 3: Review",
        "Phase 4: Embed",
        "Learning in the annual report",
    ]
    assert all(s.rule is None for s in stages_of(local))  # seed 003 sets no timescale


def test_scottish_review_within_6_months_of_the_decision_and_no_later_than_9(builtin):
    scottish = builtin["scottish-learning-review"]
    report = stage(scottish, "report-and-sign-off")
    assert report.rule == CalendarMonthsAfter(6)
    assert report.outer_limit == CalendarMonthsAfter(9)
    assert report.runs_from == "decision"
    assert (
        report.deadline_in_words() == "Within 6 months of the decision to review, and no later than 9 months"
    )
    assert "clear-strategies" in report.records
    assert criteria_of(scottish, "learning-review").count() == 4


def test_ilr_due_date_counts_working_days_on_the_nations_calendar(builtin):
    """Notified on Friday 19 December 2025: the ILR is due ten working days later in England,
    skipping the weekends, Christmas Day, Boxing Day and New Year's Day."""
    ilr = stage(builtin["yjs-serious-incident-review"], "initial-learning-review")
    due = due_date(ilr.rule, start=date(2025, 12, 19), calendar=calendar_for("england"))
    assert due == date(2026, 1, 7)


def test_a_new_review_starts_on_the_published_version(builtin):
    for version in builtin.values():
        assert version_for_new_review(framework=version.framework) == version
    assert Framework.objects.count() == 5
