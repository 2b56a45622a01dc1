"""Saving and agreeing the terms of reference: each save a kept version, audited by part (never
its text); the method list the framework allows; a stale save refused, also when two race; the
agreement rules; who may do what; and what the stages read of it."""

import threading
from datetime import date

import pytest
import time_machine
from django.db import connection, connections

from threadline.core.access import NotAllowed
from threadline.core.models import AuditEvent, Role
from threadline.core.testing import make_organisation, make_person
from threadline.incidents.tests.builders import ENGLISH, framework_version, london
from threadline.reviews.domain.terms import TermsConflict
from threadline.reviews.models import (
    InvolvedAgency,
    ReviewStatus,
    TermsOfReference,
    TermsOfReferenceVersion,
)
from threadline.reviews.selectors import terms as terms_selectors
from threadline.reviews.selectors.terms import recorded_items
from threadline.reviews.services import ReviewRuleError, review_start
from threadline.reviews.services.terms import review_terms_agree, review_terms_save

from .conftest import notified, on

pytestmark = pytest.mark.django_db

TERMS = {
    "key-lines-of-enquiry": "How was the risk of exploitation shared between agencies?",
    "scope-from": "2022-03-01",
    "scope-to": "2025-03-01",
    "agencies": "Midshire Police\nNorthbridge Schools Service",
    "methods": ["partner-led-workshop", "family-child-engagement"],
    "method-rationale": "The practitioners and the family see the case most closely.",
    "timescale": "Report to the partnership within six months.",
}


def save(actor, review, base, **changes):
    with on(date(2025, 3, 20)):
        return review_terms_save(actor=actor, review=review, values={**TERMS, **changes}, base_version=base)


def agree(actor, review, version, *, agreed_by="The partnership executive", agreed_on=date(2025, 4, 4)):
    with on(date(2025, 4, 10)):
        return review_terms_agree(
            actor=actor, review=review, version=version, agreed_by=agreed_by, agreed_on=agreed_on
        )


@pytest.fixture
def english_review(manager, organisation):
    incident = notified(manager, organisation, framework_version(ENGLISH))
    with time_machine.travel(london(2025, 3, 4, 9, 0), tick=False):
        return review_start(actor=manager, incident=incident)


def test_each_save_is_a_new_version_and_every_version_is_kept(manager, reviewer, review):
    first = save(manager, review, 0)
    second = save(reviewer, review, 1, timescale="Within nine months.")
    assert (first.version, second.version) == (1, 2)
    assert second.updated_by == reviewer and second.data["timescale"] == "Within nine months."
    kept = TermsOfReferenceVersion.objects.filter(terms__review=review).order_by("version")
    assert [(v.version, v.saved_by_id, v.data["timescale"]) for v in kept] == [
        (1, manager.pk, TERMS["timescale"]),
        (2, reviewer.pk, "Within nine months."),
    ]


def test_saving_is_audited_by_part_but_never_with_the_text(manager, review):
    save(manager, review, 0)
    save(manager, review, 1, **{"key-lines-of-enquiry": "Private words about the child"})
    details = list(
        AuditEvent.objects.filter(target_id=str(review.pk), detail__has_key="terms_of_reference")
        .order_by("pk")
        .values_list("action", "detail")
    )
    assert details == [
        ("create", {"terms_of_reference": 1, "parts_changed": list(TERMS)}),
        ("change", {"terms_of_reference": 2, "parts_changed": ["key-lines-of-enquiry"]}),
    ]
    assert "Private words" not in str(list(AuditEvent.objects.values_list("detail", flat=True)))


def test_saving_what_is_already_there_makes_no_new_version(manager, review):
    save(manager, review, 0)
    again = save(manager, review, 1)
    assert again.version == 1 and TermsOfReferenceVersion.objects.count() == 1


def test_a_first_save_with_nothing_in_it_is_refused(manager, review):
    with pytest.raises(ReviewRuleError, match="Enter at least one part"):
        save(manager, review, 0, **dict.fromkeys(TERMS, ""))
    assert not TermsOfReference.objects.exists()


def test_a_save_from_an_older_version_is_refused_and_nothing_is_overwritten(manager, reviewer, review):
    save(manager, review, 0)  # version 1: both open it
    save(reviewer, review, 1, timescale="Sofia's timescale")
    with pytest.raises(TermsConflict) as conflict:
        save(manager, review, 1, timescale="Mia's timescale")
    assert str(conflict.value) == "Sofia Lind changed the terms of reference while you were editing"
    assert (conflict.value.base_version, conflict.value.current_version) == (1, 2)
    terms = TermsOfReference.objects.get(review=review)
    assert terms.version == 2 and terms.data["timescale"] == "Sofia's timescale"
    merged = save(manager, review, 2, timescale="Sofia's timescale\n\nMia's timescale")
    assert merged.version == 3


def test_two_first_saves_from_nothing_cannot_both_win(manager, reviewer, review):
    save(manager, review, 0)
    with pytest.raises(TermsConflict):
        save(reviewer, review, 0, timescale="Another")
    assert TermsOfReferenceVersion.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_saves_racing_from_the_same_version_cannot_both_win(manager, reviewer, review):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's shared in-memory test database refuses a second writer instead of waiting")
    save(manager, review, 0)
    barrier = threading.Barrier(2)
    outcomes = []

    def racer(person, words):
        try:
            barrier.wait()
            review_terms_save(
                actor=person, review=review, values={**TERMS, "timescale": words}, base_version=1
            )
            outcomes.append("saved")
        except TermsConflict:
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
    assert TermsOfReference.objects.get(review=review).version == 2
    assert TermsOfReferenceVersion.objects.filter(terms__review=review).count() == 2


def test_a_framework_without_methods_offers_the_catalogue(manager, review):
    keys = [method.key for method in terms_selectors.offered_methods(review)]
    assert "systems-methodology" in keys and "single-agency-audit" in keys
    saved = save(manager, review, 0, methods=["learning-together"], **{"method-rationale": "Systems"})
    assert saved.data["methods"] == ["learning-together"]


def test_a_framework_that_lists_methods_allows_only_those(manager, english_review):
    keys = [method.key for method in terms_selectors.offered_methods(english_review)]
    assert len(keys) == 11 and "systems-methodology" not in keys
    with pytest.raises(ReviewRuleError) as refused:
        save(manager, english_review, 0, methods=["systems-methodology"])
    assert refused.value.problems == [("methods", "Choose methods from the list")]
    assert save(manager, english_review, 0, methods=["partner-report"]).data["methods"] == ["partner-report"]


def test_a_chosen_method_needs_its_rationale_and_choosing_none_is_allowed(manager, review):
    with pytest.raises(ReviewRuleError) as refused:
        save(manager, review, 0, **{"method-rationale": ""})
    assert refused.value.problems == [("method-rationale", "Enter why these methods were chosen")]
    assert save(manager, review, 0, methods=[], **{"method-rationale": ""}).version == 1


def test_the_scope_must_start_before_it_ends(manager, review):
    with pytest.raises(ReviewRuleError) as refused:
        save(manager, review, 0, **{"scope-from": "2025-03-02"})
    assert refused.value.problems == [("scope-from", "The start of the scope period must be before its end")]


def test_only_the_review_team_of_the_lead_organisation_writes_the_terms(organisation, review, stranger):
    for person in (make_person(organisation, Role.PRACTITIONER), stranger):
        with pytest.raises(NotAllowed):
            save(person, review, 0)
    assert not TermsOfReference.objects.exists()


def test_a_completed_review_keeps_its_terms(manager, review):
    save(manager, review, 0)
    review.status = ReviewStatus.COMPLETED
    with pytest.raises(ReviewRuleError, match="This review is complete"):
        save(manager, review, 1, timescale="Later")
    with pytest.raises(ReviewRuleError, match="This review is complete"):
        agree(manager, review, 1)


def test_a_new_terms_of_reference_starts_from_the_incident_and_the_agencies_involved(
    manager, organisation, review
):
    police = make_organisation("Midshire Police", type="police")
    school = make_organisation("Northbridge Schools Service", type="education")
    gone = make_organisation("Afonwen Youth Justice Service")
    InvolvedAgency.objects.create(review=review, organisation=school)
    InvolvedAgency.objects.create(review=review, organisation=police)
    InvolvedAgency.objects.create(review=review, organisation=gone, removed_at=london(2025, 3, 5, 9, 0))
    data, version = terms_selectors.terms_current_data(review)
    assert version == 0
    assert (data["scope-from"], data["scope-to"]) == ("2022-03-01", "2025-03-01")
    assert data["agencies"] == "Midshire Police\nNorthbridge Schools Service"
    save(manager, review, 0, agencies="Police only")
    assert terms_selectors.terms_current_data(review) == (
        {**TERMS, "agencies": "Police only"},
        1,
    )


def test_a_version_is_agreed_with_who_and_when_and_audited(chair, manager, review):
    save(manager, review, 0)
    agreed = agree(chair, review, 1)
    assert agreed.is_agreed and agreed.agreed_by == "The partnership executive"
    assert agreed.agreed_on == date(2025, 4, 4) and agreed.agreement_recorded_by == chair
    assert agreed.agreement_recorded_at is not None
    assert AuditEvent.objects.filter(
        target_id=str(review.pk), detail={"terms_of_reference_agreed": 1, "agreed_on": "2025-04-04"}
    ).exists()
    assert terms_selectors.agreed_version(review).version == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"agreed_by": ""}, "agreed_by", "Enter who agreed the terms of reference"),
        ({"agreed_on": None}, "agreed_on", "Enter the date the terms of reference were agreed"),
        ({"agreed_on": date(2025, 4, 11)}, "agreed_on", "must be today or in the past"),
        ({"agreed_on": date(2025, 3, 19)}, "agreed_on", "cannot be before version 1 was saved"),
    ],
)
def test_an_agreement_that_breaks_a_rule_is_refused_next_to_its_field(
    manager, review, changes, field, message
):
    save(manager, review, 0)
    with pytest.raises(ReviewRuleError, match=message) as refused:
        agree(manager, review, 1, **changes)
    assert refused.value.field == field
    assert not TermsOfReferenceVersion.objects.filter(agreed_on__isnull=False).exists()


def test_an_agreement_only_moves_forward(manager, review):
    save(manager, review, 0)
    save(manager, review, 1, timescale="Nine months")
    save(manager, review, 2, timescale="Ten months")
    agree(manager, review, 2)
    with pytest.raises(ReviewRuleError, match="Version 2 is already agreed"):
        agree(manager, review, 2, agreed_by="Someone else")
    with pytest.raises(ReviewRuleError, match="Version 2, a later version, is already agreed"):
        agree(manager, review, 1)
    assert agree(manager, review, 3).version == 3
    with pytest.raises(ReviewRuleError, match="Choose a saved version"):
        agree(manager, review, 9)


def test_only_chairs_managers_and_board_members_record_an_agreement(
    organisation, reviewer, review, stranger, manager
):
    save(manager, review, 0)
    board = make_person(organisation, Role.GOVERNANCE_BOARD_MEMBER)
    for person in (reviewer, stranger):
        with pytest.raises(NotAllowed):
            agree(person, review, 1)
    assert agree(board, review, 1).agreement_recorded_by == board


def test_the_stages_read_what_is_recorded_and_nothing_before(manager, review):
    assert recorded_items(review) == {}
    save(manager, review, 0, methods=[], **{"method-rationale": ""})
    assert recorded_items(review) == {"proposed-terms-of-reference": "Version 1, saved on 20 March 2025"}
    save(manager, review, 1)
    agree(manager, review, 2)
    items = recorded_items(review)
    assert items == {
        "proposed-terms-of-reference": "Version 2, saved on 20 March 2025",
        "terms-of-reference": "Version 2, agreed on 4 April 2025 by The partnership executive",
        "terms-of-reference-or-key-lines-of-enquiry": "Version 2, agreed on 4 April 2025 by The partnership executive",
        "methods": "Partner-led workshop; Family and/or child engagement",
    }
