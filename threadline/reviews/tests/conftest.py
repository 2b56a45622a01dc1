"""People, incidents and reviews for the reviews tests.

The incident is notified on Monday 3 March 2025 (the incident on Saturday 1 March, known on
Sunday 2 March), in England; the tests travel to the day they need.
"""

from datetime import date

import pytest
import time_machine

from threadline.core.models import Role
from threadline.core.testing import make_person
from threadline.incidents.tests.builders import YJS, framework_version, london, notify, stage_of
from threadline.reviews.services import review_start

NOTIFIED_AT = london(2025, 3, 3, 10, 0)


@pytest.fixture
def chair(organisation):
    return make_person(organisation, Role.REVIEW_CHAIR, full_name="Ruth Chair", email="chair@example.test")


@pytest.fixture
def reviewer(organisation):
    return make_person(organisation, Role.REVIEWER, full_name="Sofia Lind", email="sofia@example.test")


@pytest.fixture
def yjs(db):
    return framework_version(YJS)


def notified(actor, organisation, version, **changes):
    with time_machine.travel(NOTIFIED_AT, tick=False):
        return notify(
            actor=actor,
            organisation=organisation,
            version=version,
            occurred_at=london(2025, 3, 1, 18, 0),
            aware_at=london(2025, 3, 2, 9, 0),
            told=[],
            **changes,
        )


@pytest.fixture
def incident(manager, organisation, yjs):
    return notified(manager, organisation, yjs)


@pytest.fixture
def review(manager, incident):
    with time_machine.travel(london(2025, 3, 4, 9, 0), tick=False):
        return review_start(actor=manager, incident=incident)


@pytest.fixture
def ilr(review):
    return stage_of(review.incident.framework_version, "initial-learning-review")


@pytest.fixture
def action_plan(review):
    return stage_of(review.incident.framework_version, "action-plan-and-decision")


@pytest.fixture
def flr(review):
    return stage_of(review.incident.framework_version, "full-learning-review")


ILR_VALUES = {
    "meeting-date": "2025-03-12",
    "chairs": "Head of Service for Youth Justice\nHead of Learning Academy",
    "attendees": "Risk panel core members\nPolice public protection unit",
    "key-information": "Known to the service since 2024.",
    "critical-issues": "Exploitation risk not shared with education.",
    "immediate-learning": "Share exploitation concerns the same day.",
    "immediate-actions": "Safety plan reviewed with the family.",
}


def plan_actions(actor, review, day: date = date(2025, 3, 20)):
    """The review's action plan (a finding, a recommendation and an action owned by `actor`),
    made on `day` through the learning services: the stages that record the action plan show it
    from its own page."""
    from threadline.learning.testing import make_action_plan

    with on(day):
        return make_action_plan(
            actor=actor, review=review, owner=actor, organisation=review.lead_organisation, today=day
        )


def on(day: date):
    """Travel to 12:00 on `day` in London, frozen."""
    return time_machine.travel(london(day.year, day.month, day.day, 12, 0), tick=False)
