"""Two reviews and actions across four agencies for the tracker tests.

Northbridge (the `organisation`) leads the first review; Southport (`other_organisation`) owns
an action in it without taking part in the review. Westmoor leads the second review, in which
Northbridge and Riverside own an action each. Every action is due Thursday 17 April 2025 unless
told otherwise (Good Friday and Easter Monday follow)."""

from datetime import date

import pytest
import time_machine

from threadline.core.models import Role
from threadline.core.testing import make_organisation, make_person
from threadline.incidents.tests.builders import london
from threadline.reviews.services import review_start
from threadline.reviews.tests.conftest import notified

from ..models import Finding, Recommendation, Theme
from .fixtures_actions import make_action


@pytest.fixture
def westmoor(db):
    return make_organisation("Westmoor Safeguarding Partnership", type="safeguarding-partnership")


@pytest.fixture
def riverside(db):
    return make_organisation("Riverside Health")


@pytest.fixture
def westmoor_manager(westmoor):
    return make_person(westmoor, Role.SERVICE_MANAGER, full_name="Wen Westmoor", email="wen@example.test")


@pytest.fixture
def second_review(westmoor_manager, westmoor, yjs):
    incident = notified(westmoor_manager, westmoor, yjs)
    with time_machine.travel(london(2025, 3, 4, 9, 0), tick=False):
        return review_start(actor=westmoor_manager, incident=incident)


@pytest.fixture
def theme(db):
    return Theme.objects.filter(retired_at__isnull=True).first() or Theme.objects.create(
        key="exploitation", name="Exploitation"
    )


@pytest.fixture
def tracked(
    manager, review, organisation, other_organisation, second_review, westmoor_manager, riverside, theme
):
    """The four actions, by name."""
    northbridge_owner = make_person(
        organisation, Role.PRACTITIONER, full_name="Nia North", email="nia@example.test"
    )
    southport_owner = make_person(
        other_organisation, Role.PRACTITIONER, full_name="Sam South", email="sam@example.test"
    )
    riverside_owner = make_person(
        riverside, Role.PRACTITIONER, full_name="Rae River", email="rae@example.test"
    )
    first = Recommendation.objects.create(review=review, title="Share exploitation concerns the same day")
    finding = Finding.objects.create(review=review, title="Concerns were not shared", text="Evidence")
    finding.themes.add(theme)
    first.findings.add(finding)
    second = Recommendation.objects.create(review=second_review, title='=HYPERLINK("http://x")')
    return {
        "ours_in_our_review": make_action(
            manager, first, northbridge_owner, organisation, description="Train the duty team"
        ),
        "southport_in_our_review": make_action(
            manager,
            first,
            southport_owner,
            other_organisation,
            description="Brief the police liaison",
            due_on=date(2025, 5, 15),
        ),
        "ours_in_westmoor": make_action(
            westmoor_manager,
            second,
            northbridge_owner,
            organisation,
            description="+Audit the referrals",
            due_on=date(2025, 5, 15),
        ),
        "riverside_in_westmoor": make_action(
            westmoor_manager, second, riverside_owner, riverside, description="Update the health pathway"
        ),
    }
