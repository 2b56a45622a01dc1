"""Starting a review: eligible incidents only, by managers and chairs of the lead
organisation, once per incident, shared with the incident's people, audited."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType

from threadline.core.access import NotAllowed
from threadline.core.models import AuditEvent, Role, Share
from threadline.core.services import share_add
from threadline.core.testing import assert_isolated, make_organisation, make_person
from threadline.incidents.services import incident_eligibility_override
from threadline.reviews.models import Review, ReviewStatus
from threadline.reviews.services import ReviewRuleError, review_start

from .conftest import notified

pytestmark = pytest.mark.django_db


def test_a_manager_starts_the_review_of_an_eligible_incident(manager, incident):
    review = review_start(actor=manager, incident=incident)
    assert review.incident == incident
    assert review.lead_organisation_id == incident.lead_organisation_id
    assert review.started_by == manager
    assert review.status == ReviewStatus.IN_PROGRESS


def test_a_review_chair_may_start_it_too(chair, incident):
    assert review_start(actor=chair, incident=incident).started_by == chair


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.REVIEWER, Role.GOVERNANCE_BOARD_MEMBER])
def test_other_roles_cannot_start_a_review(organisation, incident, role):
    with pytest.raises(NotAllowed):
        review_start(actor=make_person(organisation, role), incident=incident)
    assert not Review.objects.exists()


def test_a_manager_of_another_organisation_cannot_start_it(stranger, incident):
    with pytest.raises(NotAllowed):
        review_start(actor=stranger, incident=incident)


def test_starting_twice_gives_back_the_same_review_and_audits_once(manager, chair, incident):
    first = review_start(actor=manager, incident=incident)
    again = review_start(actor=chair, incident=incident)
    assert again.pk == first.pk
    assert Review.objects.count() == 1
    created = AuditEvent.objects.filter(
        target_type="reviews.review", target_id=str(first.pk), action="create"
    )
    assert created.count() == 1
    assert created.get().detail == {
        "incident": incident.reference,
        "framework": "yjs-serious-incident-review",
        "version": 1,
        "shares_copied": 0,
    }


def test_an_incident_not_eligible_cannot_become_a_review(manager, organisation, yjs):
    closed_long_ago = notified(
        manager, organisation, yjs, status_with_service="closed-longer", case_closed_on=date(2025, 1, 6)
    )
    assert closed_long_ago.eligible is not True
    with pytest.raises(ReviewRuleError, match="not eligible for a review") as error:
        review_start(actor=manager, incident=closed_long_ago)
    assert error.value.field == "incident"
    assert not Review.objects.exists()


def test_a_managers_override_makes_an_incident_eligible_for_a_review(manager, organisation, yjs):
    incident = notified(
        manager, organisation, yjs, status_with_service="closed-longer", case_closed_on=date(2025, 1, 6)
    )
    incident_eligibility_override(
        actor=manager, incident=incident, eligible=True, rationale="Closed, but the risk was ours."
    )
    assert review_start(actor=manager, incident=incident).incident == incident


def test_a_merged_incident_cannot_become_a_review(manager, organisation, yjs, incident):
    from threadline.incidents.models import IncidentStatus

    other = notified(manager, organisation, yjs, full_name="Someone Else")
    other.status = IncidentStatus.MERGED  # as incident_merge leaves it
    other.merged_into = incident
    with pytest.raises(ReviewRuleError, match=f"merged into {incident.reference}"):
        review_start(actor=manager, incident=other)


def test_everyone_the_incident_is_shared_with_takes_part_in_the_review(manager, organisation, incident):
    police = make_organisation("Metropolitan Police", type="police")
    officer = make_person(police, Role.PARTNER_AGENCY_LEAD)
    named = make_person(make_organisation("Health trust", type="health"), Role.PARTNER_AGENCY_LEAD)
    share_add(actor=manager, record=incident, organisation=police)
    share_add(actor=manager, record=incident, person=named)
    review = review_start(actor=manager, incident=incident)
    shares = Share.objects.filter(content_type=ContentType.objects.get_for_model(Review), object_id=review.pk)
    assert {(s.organisation_id, s.person_id) for s in shares} == {(police.pk, None), (None, named.pk)}
    from threadline.reviews.selectors import reviews_visible_to

    assert list(reviews_visible_to(officer)) == [review]
    assert list(reviews_visible_to(named)) == [review]


def test_the_review_page_is_isolated_from_other_organisations(client, manager, review):
    assert_isolated(client, review.get_absolute_url(), owner=manager)


def test_a_stage_page_is_isolated_from_other_organisations(client, manager, review):
    assert_isolated(client, f"{review.get_absolute_url()}stages/initial-learning-review/", owner=manager)
