"""The rules of the terms of reference and the method, without a database: the method list and
its rationale, the scope period, comparing versions word by word, and agreeing a version."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from threadline.reviews.domain import terms as rules
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.domain.methods import CATALOGUE, Method, check_methods, methods_offered, names_of
from threadline.reviews.domain.terms import Change

FRAMEWORK = (
    Method("partner-led-workshop", "Partner-led workshop"),
    Method("partner-report", "Partner report"),
)


def test_the_catalogue_holds_the_eleven_options_of_seed_001_and_the_systems_methods():
    seed_001 = [method for method in CATALOGUE if method.source == "seed 001 §3.2"]
    assert [method.name for method in seed_001] == [
        "Single-agency audit",
        "Multi-agency audit",
        "Partner-led workshop",
        "Independently led workshop",
        "Strategy manager report",
        "Partner report",
        "Independent Scrutineer report",
        "Independent author and report",
        "Family and/or child engagement",
        "Children and young people workshop",
        "Children and young people outreach",
    ]
    others = {method.key for method in CATALOGUE} - {method.key for method in seed_001}
    assert {"systems-methodology", "learning-together", "systemic-review"} <= others
    assert len({method.key for method in CATALOGUE}) == len(CATALOGUE)


def test_a_framework_that_lists_methods_restricts_the_choice_and_one_that_lists_none_gets_the_catalogue():
    assert methods_offered(FRAMEWORK) == FRAMEWORK
    assert methods_offered(()) == CATALOGUE


def test_a_method_the_framework_does_not_offer_is_refused():
    assert check_methods(["systems-methodology"], "Because", FRAMEWORK) == [
        ("methods", "Choose methods from the list")
    ]
    assert check_methods(["partner-led-workshop", "partner-report"], "Combined", FRAMEWORK) == []


def test_no_method_is_allowed_while_drafting_but_a_chosen_method_needs_its_rationale():
    assert check_methods([], "", FRAMEWORK) == []
    assert check_methods(["partner-report"], "  \n", FRAMEWORK) == [
        ("method-rationale", "Enter why these methods were chosen")
    ]


def test_names_of_chosen_methods_come_from_what_was_offered_or_the_catalogue():
    assert names_of(["partner-report", "learning-together", "gone-away"], FRAMEWORK) == [
        "Partner report",
        "Learning Together (SCIE systems model)",
        "Gone away",
    ]


def test_the_scope_defaults_to_three_years_before_the_incident_up_to_it():
    assert rules.default_scope(date(2025, 3, 1)) == (date(2022, 3, 1), date(2025, 3, 1))
    assert rules.default_scope(date(2024, 2, 29)) == (date(2021, 2, 28), date(2024, 2, 29))


def values(**changes):
    given = {
        "key-lines-of-enquiry": "How was the exploitation risk shared?",
        "scope-from": "2022-03-01",
        "scope-to": "2025-03-01",
        "agencies": "Police\nSchool",
        "methods": ["partner-led-workshop"],
        "method-rationale": "The practitioners know the case best.",
        "timescale": "Six months",
    }
    return {**given, **changes}


def test_clean_terms_keeps_every_part_in_its_stored_shape():
    data = rules.clean_terms(values(agencies="Police\r\nSchool  "), offered=FRAMEWORK)
    assert data["agencies"] == "Police\nSchool"
    assert data["methods"] == ["partner-led-workshop"]
    assert set(data) == set(rules.PART_KEYS)
    merged = rules.clean_terms(values(methods="partner-led-workshop, partner-report"), offered=FRAMEWORK)
    assert merged["methods"] == ["partner-led-workshop", "partner-report"]


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        (
            {"scope-from": "2025-03-01"},
            [("scope-from", "The start of the scope period must be before its end")],
        ),
        (
            {"scope-from": "2025-04-01"},
            [("scope-from", "The start of the scope period must be before its end")],
        ),
        ({"scope-to": "2025-02-30"}, [("scope-to", "The end of the scope period must be a real date")]),
        (
            {"methods": ["single-agency-audit"], "method-rationale": ""},
            [
                ("methods", "Choose methods from the list"),
                ("method-rationale", "Enter why these methods were chosen"),
            ],
        ),
        (
            {"timescale": "x" * (rules.MAX_TEXT + 1)},
            [("timescale", "Timescale must be 20,000 characters or fewer")],
        ),
    ],
)
def test_each_problem_with_the_terms_is_named_by_its_part(changes, problems):
    with pytest.raises(ReviewRuleError) as refused:
        rules.clean_terms(values(**changes), offered=FRAMEWORK)
    assert refused.value.problems == problems


def test_a_scope_with_one_end_only_is_allowed_while_drafting():
    assert rules.clean_terms(values(**{"scope-to": ""}), offered=FRAMEWORK)["scope-to"] == ""


def test_the_parts_changed_are_named_for_the_audit_log():
    before = rules.clean_terms(values(), offered=FRAMEWORK)
    after = {**before, "methods": ["partner-report"], "timescale": "Nine months"}
    assert rules.changed_parts(before, after) == ["methods", "timescale"]
    assert rules.changed_parts({}, before) == list(rules.PART_KEYS)


def test_word_diff_marks_the_words_added_and_removed():
    segments = rules.word_diff("Share risks with the school", "Share exploitation risks with the college")
    assert [(s.change, s.text) for s in segments] == [
        (Change.SAME, "Share"),
        (Change.ADDED, " exploitation"),
        (Change.SAME, " risks with the "),
        (Change.REMOVED, "school"),
        (Change.ADDED, "college"),
    ]


@given(st.text(alphabet="ab \n", max_size=30), st.text(alphabet="ab \n", max_size=30))
def test_word_diff_gives_back_both_texts(older, newer):
    segments = rules.word_diff(older, newer)
    assert "".join(s.text for s in segments if s.change is not Change.ADDED) == older
    assert "".join(s.text for s in segments if s.change is not Change.REMOVED) == newer


def test_lists_are_compared_line_by_line():
    segments = rules.word_diff("Partner-led workshop\nPartner report", "Single-agency audit", by_line=True)
    assert [(s.change, s.text) for s in segments] == [
        (Change.REMOVED, "Partner-led workshop\nPartner report"),
        (Change.ADDED, "Single-agency audit"),
    ]


def test_comparing_versions_reads_dates_and_methods_as_words():
    namer = lambda keys: names_of(keys, FRAMEWORK)  # noqa: E731
    older = rules.clean_terms(values(), offered=FRAMEWORK)
    newer = {**older, "scope-from": "2021-03-01", "methods": ["partner-led-workshop", "partner-report"]}
    by_key = {d.part.key: d for d in rules.compare(older, newer, namer)}
    assert not by_key["key-lines-of-enquiry"].changed and by_key["key-lines-of-enquiry"].segments == ()
    assert by_key["scope-from"].older == "1 March 2022" and by_key["scope-from"].newer == "1 March 2021"
    assert [(s.change, s.text) for s in by_key["methods"].segments] == [
        (Change.SAME, "Partner-led workshop"),
        (Change.ADDED, "\nPartner report"),
    ]


AGREEMENT = {
    "version": 2,
    "agreed_by": "The partnership executive",
    "agreed_on": date(2025, 4, 4),
    "saved_on": date(2025, 4, 1),
    "today": date(2025, 4, 10),
    "latest_agreed": None,
}


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({}, None),
        ({"agreed_on": date(2025, 4, 1)}, None),
        ({"agreed_by": " "}, ("agreed_by", "Enter who agreed the terms of reference")),
        ({"agreed_by": "x" * 301}, ("agreed_by", "Who agreed them must be 300 characters or fewer")),
        ({"agreed_on": None}, ("agreed_on", "Enter the date the terms of reference were agreed")),
        (
            {"agreed_on": date(2025, 4, 11)},
            ("agreed_on", "The date they were agreed must be today or in the past"),
        ),
        (
            {"agreed_on": date(2025, 3, 31)},
            ("agreed_on", "The date they were agreed cannot be before version 2 was saved (1 April 2025)"),
        ),
        ({"latest_agreed": 2}, ("version", "Version 2 is already agreed")),
        ({"latest_agreed": 3}, ("version", "Version 3, a later version, is already agreed")),
        ({"latest_agreed": 1}, None),
    ],
)
def test_the_rules_of_agreeing_a_version(changes, problem):
    problems = rules.check_agreement(**{**AGREEMENT, **changes})
    assert problems == ([problem] if problem else [])
