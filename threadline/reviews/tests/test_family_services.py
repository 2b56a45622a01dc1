"""Recording the family and the child (issue 5 item 8): encrypted at rest, words kept as said,
only for those who work with the family, audited without the words, the latest consent
standing, the strategy versioned against two people saving at once, and what the stage pages
and the report read."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from threadline.core.access import NotAllowed
from threadline.core.models import AuditEvent, Role
from threadline.core.testing import make_person
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.domain.family import StrategyConflict
from threadline.reviews.models import (
    DraftReportFeedback,
    FamilyConsent,
    FamilyContact,
    FamilyLiaisonStrategy,
    FamilyView,
)
from threadline.reviews.selectors.family import (
    family_consent_now,
    family_contacts_of,
    recorded_items,
    views_for_report,
)
from threadline.reviews.services.family import (
    family_consent_record,
    family_contact_record,
    family_feedback_record,
    family_feedback_respond,
    family_strategy_save,
    family_view_record,
)

from .conftest import on

pytestmark = pytest.mark.django_db

DAY = date(2025, 4, 3)
SAID = "He said the school never rang back.\n\nWe asked   twice."
CHILD_WORDS = "Nobody asked me what I wanted.\nI would have said."


@pytest.fixture
def team_member(organisation):
    """Can see the review, not the family."""
    return make_person(organisation, Role.TEAM_MEMBER, full_name="Tariq Team", email="tariq@example.test")


@pytest.fixture
def liaison(organisation):
    return make_person(
        organisation, Role.FAMILY_LIAISON, full_name="Grace Liaison", email="grace@example.test"
    )


def contact(actor, review, **changes):
    given = {
        "contacted_on": date(2025, 4, 1),
        "family_member": "The child's mother",
        "made_by": "Sofia Lind, reviewer",
        "method": "phone",
        "what_was_said": SAID,
    }
    with on(DAY):
        return family_contact_record(actor=actor, review=review, **{**given, **changes})


def view(actor, review, **changes):
    given = {"whose": "", "is_the_child": True, "words": CHILD_WORDS, "captured_on": date(2025, 4, 2)}
    with on(DAY):
        return family_view_record(actor=actor, review=review, **{**given, **changes})


def consent(actor, review, **changes):
    given = {
        "person": "The child's mother",
        "subject": "views-in-report",
        "status": "given",
        "on": date(2025, 4, 1),
    }
    with on(DAY):
        return family_consent_record(actor=actor, review=review, **{**given, **changes})


def feedback(actor, review, **changes):
    given = {
        "from_whom": "The child's mother",
        "received_on": date(2025, 4, 2),
        "feedback": "Page 3 is wrong.",
    }
    with on(DAY):
        return family_feedback_record(actor=actor, review=review, **{**given, **changes})


def strategy(actor, review, base, **changes):
    given = {"liaison_people": "Sofia Lind, reviewer\nGrace, key contact", "strategy": "Meet at home first."}
    with on(DAY):
        return family_strategy_save(actor=actor, review=review, base_version=base, **{**given, **changes})


def raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 (names are ours)
        return cursor.fetchone()[0]


def test_everything_the_family_said_is_encrypted_in_the_database(manager, review):
    written = [
        ("reviews_familycontact", "what_was_said", contact(manager, review).pk, "school never rang"),
        ("reviews_familycontact", "family_member", FamilyContact.objects.get().pk, "mother"),
        ("reviews_familyview", "words", view(manager, review).pk, "Nobody asked me"),
        ("reviews_familyconsent", "person", consent(manager, review, note="Only initials").pk, "mother"),
        ("reviews_familyconsent", "note", FamilyConsent.objects.get().pk, "initials"),
        ("reviews_draftreportfeedback", "feedback", feedback(manager, review).pk, "Page 3"),
        ("reviews_familyliaisonstrategy", "strategy", strategy(manager, review, 0).pk, "Meet at home"),
        ("reviews_familyliaisonstrategy", "liaison_people", FamilyLiaisonStrategy.objects.get().pk, "Sofia"),
    ]
    for table, column, pk, words in written:
        stored = raw(table, column, pk)
        assert stored and words not in stored and stored.startswith("gAAAA"), f"{table}.{column} is readable"
    assert FamilyView.objects.get().words == CHILD_WORDS


def test_words_are_stored_exactly_as_said_without_the_whitespace_around_them(manager, review):
    made = contact(manager, review, what_was_said=f"\r\n  {SAID.replace(chr(10), chr(13) + chr(10))}  \n")
    assert FamilyContact.objects.get(pk=made.pk).what_was_said == SAID


def test_the_childs_own_words_are_the_childs_without_a_name(manager, review):
    assert view(manager, review).whose == "The child"
    aunt = view(manager, review, whose="Aunt", is_the_child=False, words="She was let down.")
    assert (aunt.whose, aunt.is_the_child) == ("Aunt", False)


def test_family_liaison_and_the_reviews_leaders_record_others_may_not(
    manager, reviewer, chair, liaison, team_member, stranger, review
):
    for person in (manager, reviewer, chair, liaison):
        contact(person, review)
    for person in (team_member, stranger):
        with pytest.raises(NotAllowed):
            contact(person, review)
        with pytest.raises(NotAllowed):
            view(person, review)
        with pytest.raises(NotAllowed):
            consent(person, review)
        with pytest.raises(NotAllowed):
            feedback(person, review)
        with pytest.raises(NotAllowed):
            strategy(person, review, 0)
    assert FamilyContact.objects.count() == 4
    assert not FamilyView.objects.exists() and not FamilyLiaisonStrategy.objects.exists()


def test_each_record_is_audited_with_ids_and_dates_but_never_the_words(manager, review):
    made = contact(manager, review)
    child = view(manager, review)
    given = consent(manager, review, note="Only initials")
    received = feedback(manager, review)
    with on(DAY):
        family_feedback_respond(
            actor=manager, feedback=received, response="Page 3 rewritten", responded_on=DAY
        )
    saved = strategy(manager, review, 0)
    details = list(
        AuditEvent.objects.filter(target_id=str(review.pk), target_type="reviews.review").values_list(
            "detail", flat=True
        )
    )
    assert {"family_contact": made.pk, "contacted_on": "2025-04-01", "method": "phone"} in details
    assert {"family_view": child.pk, "is_the_child": True, "captured_on": "2025-04-02"} in details
    assert {
        "family_consent": given.pk,
        "subject": "views-in-report",
        "status": "given",
        "on": "2025-04-01",
    } in details
    assert {"family_feedback": received.pk, "responded_on": "2025-04-03", "first_response": True} in details
    assert {
        "family_strategy": saved.pk,
        "version": 1,
        "fields_changed": ["liaison_people", "strategy"],
    } in details
    text = str(details)
    for words in ("school", "Nobody asked", "mother", "initials", "Page 3", "Meet at home", "Sofia"):
        assert words not in text


def test_a_mistake_names_every_field_at_once_and_nothing_is_saved(manager, review):
    with pytest.raises(ReviewRuleError) as refused:
        contact(manager, review, contacted_on=date(2025, 4, 9), made_by="  ", what_was_said="\n")
    assert refused.value.problems == [
        ("contacted_on", "The date of the contact must be today or in the past"),
        ("made_by", "Enter who made the contact"),
        ("what_was_said", "Enter what the family said"),
    ]
    assert not FamilyContact.objects.exists()


def test_the_latest_consent_stands_and_the_earlier_ones_are_its_history(manager, review):
    first = consent(manager, review, on=date(2025, 3, 10))
    withdrawn = consent(manager, review, status="withdrawn", on=date(2025, 3, 28))
    late_entry = consent(
        manager, review, status="refused", on=date(2025, 3, 20), person="the child's  mother"
    )
    consent(manager, review, subject="taking-part", on=date(2025, 3, 10))
    standings = family_consent_now(review)
    assert [(s.subject, s.current.pk) for s in standings] == [
        ("taking-part", FamilyConsent.objects.get(subject="taking-part").pk),
        ("views-in-report", withdrawn.pk),
    ]
    assert [e.pk for e in standings[1].earlier] == [late_entry.pk, first.pk]
    assert FamilyConsent.objects.count() == 4, "a new decision never changes an earlier one"


def test_the_response_to_feedback_is_recorded_and_may_be_corrected(manager, review):
    received = feedback(manager, review)
    with on(DAY), pytest.raises(ReviewRuleError, match="cannot be before the feedback was received"):
        family_feedback_respond(
            actor=manager, feedback=received, response="Done", responded_on=date(2025, 4, 1)
        )
    with on(DAY):
        family_feedback_respond(actor=manager, feedback=received, response="Changed page 3", responded_on=DAY)
        family_feedback_respond(
            actor=manager, feedback=received, response="Changed pages 3 and 4", responded_on=DAY
        )
    stored = DraftReportFeedback.objects.get(pk=received.pk)
    assert (stored.response, stored.responded_on) == ("Changed pages 3 and 4", DAY)


def test_each_strategy_save_is_the_next_version(manager, reviewer, review):
    assert strategy(manager, review, 0).version == 1
    second = strategy(reviewer, review, 1, strategy="Meet at home first, then by video.")
    assert (second.version, second.updated_by, second.strategy) == (
        2,
        reviewer,
        "Meet at home first, then by video.",
    )


def test_the_second_of_two_saves_from_the_same_version_is_refused_and_offered_for_merging(
    manager, reviewer, review
):
    strategy(manager, review, 0)
    strategy(reviewer, review, 1, strategy="Sofia's way")
    with pytest.raises(StrategyConflict) as conflict:
        strategy(manager, review, 1, strategy="Mia's way")
    refused = conflict.value
    assert str(refused) == "Sofia Lind changed the family liaison strategy while you were editing"
    assert (refused.base_version, refused.current_version) == (1, 2)
    assert refused.theirs["strategy"] == "Sofia's way"
    assert FamilyLiaisonStrategy.objects.get().strategy == "Sofia's way", "nothing was overwritten"
    assert strategy(manager, review, 2, strategy="Sofia's way\n\nMia's way").version == 3


def test_two_first_saves_of_the_strategy_cannot_both_win(manager, reviewer, review):
    strategy(manager, review, 0)
    with pytest.raises(StrategyConflict):
        strategy(reviewer, review, 0)
    assert FamilyLiaisonStrategy.objects.get().version == 1


@pytest.mark.django_db(transaction=True)
def test_two_strategy_saves_racing_from_the_same_version_cannot_both_win(manager, reviewer, review):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's shared in-memory test database refuses a second writer instead of waiting")
    strategy(manager, review, 0)
    barrier = threading.Barrier(2)
    outcomes = []

    def racer(person, words):
        try:
            barrier.wait()
            family_strategy_save(
                actor=person, review=review, base_version=1, liaison_people="Someone", strategy=words
            )
            outcomes.append("saved")
        except StrategyConflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=racer, args=(p, w)) for p, w in ((manager, "Mia"), (reviewer, "Sofia"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    assert FamilyLiaisonStrategy.objects.get().version == 2


def test_the_stage_pages_read_counts_and_dates_and_nothing_that_was_said(manager, review):
    assert recorded_items(review) == {}
    view(manager, review, whose="Grandmother", is_the_child=False, words="She is a good girl.")
    assert recorded_items(review) == {
        "family-involvement": "1 view in their own words (0 from the child)",
        "family-views": "1 view recorded, 0 from the child",
    }
    contact(manager, review, contacted_on=date(2025, 3, 20))
    contact(manager, review, contacted_on=date(2025, 4, 1))
    view(manager, review)
    with on(date(2025, 4, 3)):
        family_strategy_save(
            actor=manager, review=review, base_version=0, liaison_people="Grace", strategy="Home"
        )
    items = recorded_items(review)
    assert items == {
        "family-liaison-strategy": "Recorded, version 1, last saved on 3 April 2025",
        "family-contacts": "2 contacts, the last on 1 April 2025",
        "family-involvement": "2 contacts with the family; 2 views in their own words (1 from the child)",
        "family-views": "2 views recorded, 1 from the child",
    }
    assert "Grace" not in str(items) and "good girl" not in str(items)


def test_the_report_takes_the_childs_views_first_with_the_feedback_and_consent_to_quote(manager, review):
    aunt = view(
        manager, review, whose="Aunt", is_the_child=False, words="Let down.", captured_on=date(2025, 3, 5)
    )
    child = view(manager, review)
    received = feedback(manager, review)
    consent(manager, review, person="The child", status="refused")
    consent(manager, review, person="The child", subject="taking-part")
    report = views_for_report(review)
    assert [v.pk for v in report.views] == [child.pk, aunt.pk]
    assert [f.pk for f in report.feedback] == [received.pk]
    assert [(s.person, s.current.status) for s in report.consent_to_quote] == [("The child", "refused")]


def test_contacts_are_listed_newest_first(manager, review):
    older = contact(manager, review, contacted_on=date(2025, 3, 20))
    newer = contact(manager, review, contacted_on=date(2025, 4, 1))
    assert list(family_contacts_of(review)) == [newer, older]
