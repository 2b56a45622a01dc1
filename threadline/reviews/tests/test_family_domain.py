"""The rules for the family and the child, without a database: words kept as said, what each
record needs, the latest consent standing, and summaries that never carry what was said."""

from dataclasses import dataclass
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from threadline.reviews.domain.family import (
    MAX_WHO,
    THE_CHILD,
    as_said,
    consent_now,
    consent_problems,
    contact_problems,
    contacts_summary,
    feedback_problems,
    involvement_summary,
    response_problems,
    same_person,
    strategy_problems,
    strategy_summary,
    view_problems,
    views_summary,
    whose_words,
)

TODAY = date(2025, 4, 3)
METHODS = ("phone", "in-person")


@dataclass
class Entry:
    person: str
    subject: str
    status: str
    on: date
    pk: int


def test_words_keep_their_inner_spacing_and_line_breaks_and_lose_only_the_edges():
    typed = "  \r\nI told them   twice.\r\n\r\nNobody came back to us.  \n"
    assert as_said(typed) == "I told them   twice.\n\nNobody came back to us."
    assert as_said(None) == ""


@given(st.text())
def test_keeping_words_as_said_twice_changes_nothing_more(text):
    assert as_said(as_said(text)) == as_said(text)


def test_a_contact_needs_who_when_how_and_what_they_said_each_named_by_its_field():
    problems = contact_problems(
        contacted_on=None,
        family_member=" ".strip(),
        made_by="",
        method="carrier pigeon",
        methods=METHODS,
        what_was_said="",
        today=TODAY,
    )
    assert problems == [
        ("contacted_on", "Enter the date of the contact"),
        ("family_member", "Enter who in the family was contacted"),
        ("made_by", "Enter who made the contact"),
        ("method", "Select how the contact was made"),
        ("what_was_said", "Enter what the family said"),
    ]


def test_a_contact_in_the_future_is_refused_and_no_answer_is_something_said():
    problems = contact_problems(
        contacted_on=date(2025, 4, 4),
        family_member="Mother",
        made_by="Daniel Kerr, lead reviewer",
        method="phone",
        methods=METHODS,
        what_was_said="No answer. Voicemail left.",
        today=TODAY,
    )
    assert problems == [("contacted_on", "The date of the contact must be today or in the past")]


def test_a_name_too_long_is_refused_with_its_limit():
    problems = consent_problems(
        person="x" * (MAX_WHO + 1),
        subject="publication",
        subjects=("publication",),
        status="given",
        statuses=("given",),
        on=TODAY,
        note="",
        today=TODAY,
    )
    assert problems == [("person", "Whose consent must be 300 characters or fewer")]


def test_the_childs_own_views_need_no_name_but_a_family_members_do():
    base = {"words": "I wanted someone to ask me.", "captured_on": TODAY, "how_captured": "", "today": TODAY}
    assert view_problems(whose="", is_the_child=True, **base) == []
    assert whose_words("", is_the_child=True) == THE_CHILD
    assert view_problems(whose="", is_the_child=False, **base) == [("whose", "Enter whose views these are")]
    assert view_problems(whose="", is_the_child=None, **base) == [
        ("is_the_child", "Select whether these are the child's own words")
    ]


def test_the_strategy_needs_both_who_liaises_and_how():
    assert strategy_problems(liaison_people="", strategy="") == [
        ("liaison_people", "Enter who liaises with the family"),
        ("strategy", "Enter the family liaison strategy"),
    ]


def test_feedback_and_the_response_to_it_have_their_own_dates():
    assert feedback_problems(from_whom="Mother", received_on=None, feedback="", today=TODAY) == [
        ("received_on", "Enter the date the feedback was received"),
        ("feedback", "Enter the family's feedback on the draft report"),
    ]
    assert response_problems(
        response="Changed section 4",
        responded_on=date(2025, 3, 30),
        received_on=date(2025, 4, 1),
        today=TODAY,
    ) == [("responded_on", "The response cannot be before the feedback was received on 1 April 2025")]


def test_the_latest_consent_decision_of_a_person_on_a_subject_stands():
    entries = [
        Entry("Child's mother", "views-in-report", "given", date(2025, 3, 10), 1),
        Entry("child's  MOTHER", "views-in-report", "withdrawn", date(2025, 3, 20), 2),
        # Recorded late for an earlier day: history, not the standing decision.
        Entry("Child's mother", "views-in-report", "refused", date(2025, 3, 15), 3),
        Entry("Child's mother", "taking-part", "given", date(2025, 3, 10), 4),
    ]
    standings = consent_now(entries, ["taking-part", "views-in-report"])
    assert [(s.subject, s.current.status) for s in standings] == [
        ("taking-part", "given"),
        ("views-in-report", "withdrawn"),
    ]
    assert [e.pk for e in standings[1].earlier] == [3, 1]


def test_of_two_consent_decisions_on_one_day_the_one_recorded_last_stands():
    entries = [
        Entry("Father", "publication", "refused", TODAY, 7),
        Entry("Father", "publication", "given", TODAY, 8),
    ]
    assert consent_now(entries)[0].current.status == "given"
    assert same_person("  Father ") == same_person("father")


def test_the_summaries_count_and_date_but_never_quote():
    assert strategy_summary(version=2, saved_on=TODAY) == "Recorded, version 2, last saved on 3 April 2025"
    assert contacts_summary(count=1, last_on=TODAY) == "1 contact, on 3 April 2025"
    assert contacts_summary(count=5, last_on=TODAY) == "5 contacts, the last on 3 April 2025"
    assert views_summary(count=3, from_the_child=1) == "3 views recorded, 1 from the child"
    assert (
        involvement_summary(contacts=5, views=1, from_the_child=1)
        == "5 contacts with the family; 1 view in their own words (1 from the child)"
    )
    assert (
        involvement_summary(contacts=0, views=2, from_the_child=0)
        == "2 views in their own words (0 from the child)"
    )
