"""People, a recommendation and an action for the actions tests. The review started on Tuesday
4 March 2025 (England); the tests travel to the day they need."""

from datetime import date

import pytest

from threadline.core.models import Role
from threadline.core.testing import make_person
from threadline.reviews.tests.conftest import on

from ..models import Recommendation
from ..services.actions import action_create


@pytest.fixture
def recommendation(review):
    return Recommendation.objects.create(review=review, title="Share exploitation concerns the same day")


@pytest.fixture
def partner_owner(other_organisation):
    return make_person(
        other_organisation, Role.PRACTITIONER, full_name="Olu Owner", email="owner@example.test"
    )


@pytest.fixture
def partner_colleague(other_organisation):
    return make_person(
        other_organisation, Role.PRACTITIONER, full_name="Cal Colleague", email="cal@example.test"
    )


@pytest.fixture
def partner_lead(other_organisation):
    return make_person(
        other_organisation, Role.PARTNER_AGENCY_LEAD, full_name="Lee Lead", email="lead@example.test"
    )


def make_action(actor, recommendation, owner, organisation, *, due_on=date(2025, 4, 17), **changes):
    values = {
        "description": "Train the duty team in sharing exploitation concerns",
        "level": "operational",
        "owner_organisation": organisation,
        "owner": owner,
        "due_on": due_on,
        "success_measure": "Every duty worker trained by the due date",
        "check_back_on": date(2025, 7, 1),
    } | changes
    with on(date(2025, 3, 20)):
        return action_create(actor=actor, recommendation=recommendation, **values)


@pytest.fixture
def action(manager, recommendation, partner_owner, other_organisation):
    return make_action(manager, recommendation, partner_owner, other_organisation)
