"""The chronologies as a review's stage sees them: recorded once every agency asked has submitted."""

# ruff: noqa: F811 — the fixtures imported from other modules are used by name, as arguments

from datetime import date

import pytest

from threadline.chronologies.selectors.recorded import recorded_items
from threadline.chronologies.services.requests import chronology_request_withdraw
from threadline.chronologies.services.versions import chronology_submit
from threadline.reviews.selectors.recorded import recorded_elsewhere
from threadline.reviews.tests.conftest import chair, incident, on, review, reviewer, yjs  # noqa: F401

from .fixtures_requests import add, ask, health, health_lead, police, police_lead  # noqa: F401

pytestmark = pytest.mark.django_db


def test_nothing_is_recorded_until_every_agency_asked_has_submitted(
    manager, review, police, health, police_lead, health_lead
):
    assert recorded_items(review) == {}
    police_chronology, health_chronology = sorted(
        ask(manager, review, [police, health]), key=lambda c: c.organisation.name
    )
    add(police_lead, police_chronology)
    add(health_lead, health_chronology, what_happened="Seen at the emergency department.")
    with on(date(2025, 3, 20)):
        chronology_submit(actor=police_lead, chronology=police_chronology)
    assert recorded_items(review) == {}, "one agency of two has submitted"

    with on(date(2025, 3, 21)):
        chronology_submit(actor=health_lead, chronology=health_chronology)
    held = recorded_elsewhere(review, ["agency-chronologies", "combined-chronology"])
    assert held["agency-chronologies"] == (
        "All 2 agencies asked have submitted: Midshire Police (version 1, 20 March 2025); "
        "Northbridge Integrated Care Board (version 1, 21 March 2025)"
    )
    assert held["combined-chronology"] == "2 entries from 2 agencies in date order"


def test_a_withdrawn_request_is_not_waited_for(manager, review, police, health, police_lead):
    police_chronology, health_chronology = sorted(
        ask(manager, review, [police, health]), key=lambda c: c.organisation.name
    )
    add(police_lead, police_chronology)
    with on(date(2025, 3, 20)):
        chronology_submit(actor=police_lead, chronology=police_chronology)
        chronology_request_withdraw(actor=manager, chronology=health_chronology, reason="Never saw the child")
    assert recorded_items(review)["agency-chronologies"].startswith(
        "The one agency asked has submitted: Midshire Police"
    )
