"""People, agencies and requested chronologies for the requests, entries, versions and reminders
tests, made through the services.

The review's incident happened on Saturday 1 March 2025 (England); the review started on
Tuesday 4 March. Midshire Police is asked on Monday 10 March 2025 for 1 March 2022 to 1 March
2025, due Monday 7 April 2025.
"""

from __future__ import annotations

from datetime import date

import pytest

from threadline.chronologies.services.entries import chronology_entry_add
from threadline.chronologies.services.requests import chronologies_request
from threadline.core.models import Role
from threadline.core.testing import make_organisation, make_person
from threadline.reviews.services.team import involved_agency_add
from threadline.reviews.tests.conftest import on

ASKED_ON = date(2025, 3, 10)
DUE_ON = date(2025, 4, 7)
PERIOD_FROM = date(2022, 3, 1)
PERIOD_TO = date(2025, 3, 1)


@pytest.fixture
def police(db):
    return make_organisation("Midshire Police", type="police")


@pytest.fixture
def health(db):
    return make_organisation("Northbridge Integrated Care Board", type="health")


@pytest.fixture
def police_lead(police):
    return make_person(
        police, Role.PARTNER_AGENCY_LEAD, full_name="Sarah Quinn", email="lead@police.example.test"
    )


@pytest.fixture
def police_officer(police):
    return make_person(police, Role.PRACTITIONER, full_name="Owen Price", email="officer@police.example.test")


@pytest.fixture
def health_lead(health):
    return make_person(
        health, Role.PARTNER_AGENCY_LEAD, full_name="Dr Imran Shah", email="lead@health.example.test"
    )


@pytest.fixture
def review_admin(organisation):
    return make_person(
        organisation, Role.REVIEW_ADMINISTRATOR, full_name="Ada Admin", email="admin@example.test"
    )


@pytest.fixture
def involved(manager, review, police, health):
    """Both agencies listed on the review's team page as involved with the child."""
    with on(date(2025, 3, 5)):
        involved_agency_add(actor=manager, review=review, organisation=police, involvement="Missing episodes")
        involved_agency_add(actor=manager, review=review, organisation=health, involvement="A&E visits")
    return [police, health]


def ask(actor, review, agencies, *, on_day=ASKED_ON, **changes):
    given = {"period_from": PERIOD_FROM, "period_to": PERIOD_TO, "due_on": DUE_ON, "note": ""}
    with on(on_day):
        return chronologies_request(actor=actor, review=review, agencies=agencies, **{**given, **changes})


@pytest.fixture
def chronology(manager, review, police):
    """The request to Midshire Police, version 1 open."""
    (asked,) = ask(manager, review, [police])
    return asked


VISIT = {
    "date": "12/03/2024",
    "time": "",
    "source": "Police national database",
    "author_role": "Police constable",
    "what_happened": "Child reported missing by mother at 22:00; found at a friend's address.",
    "who_was_present": "Mother, two officers",
    "childs_voice": "Said she did not want to go home.",
    "opinion": "Risk of exploitation not assessed.",
    "significant": True,
}


def add(actor, chronology, day=date(2025, 3, 12), **changes):
    with on(day):
        return chronology_entry_add(actor=actor, chronology=chronology, values={**VISIT, **changes})
