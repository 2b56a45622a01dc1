"""The home page panel "Chronologies asked of your agency": open requests for the agencies where
the person writes chronologies, soonest due first, an overdue one in red, gone once submitted."""

# ruff: noqa: F811 — the fixtures imported from other modules are used by name, as arguments

import re
from datetime import date

import pytest
from django.urls import reverse

from threadline.chronologies.services.requests import chronology_request_withdraw
from threadline.chronologies.services.versions import chronology_submit, chronology_version_open
from threadline.core.models import Membership, Role
from threadline.core.testing import make_person
from threadline.frameworks.tests.conftest import page_text
from threadline.reviews.tests.conftest import chair, incident, on, review, reviewer, yjs  # noqa: F401

from .fixtures_requests import add, ask, chronology, health, health_lead, police, police_lead, police_officer  # noqa: F401

pytestmark = pytest.mark.django_db

TITLE = "Chronologies asked of your agency"


def panel(client, person, day: date) -> str:
    client.force_login(person)
    with on(day):
        body = page_text(client.get(reverse("core:home")))
    match = re.search(rf'<h2 class="govuk-heading-m" id="panel-\d+">{TITLE}</h2>(.*?)</section>', body, re.S)
    return match.group(1) if match else ""


def test_the_agencys_writers_see_the_request_with_its_due_date(
    client, police_lead, police_officer, review, chronology
):
    shown = panel(client, police_lead, date(2025, 3, 20))
    reference = review.incident.reference
    assert (
        f'<a class="govuk-link" href="/chronologies/{chronology.pk}/">{reference}: chronology of Midshire Police</a>'
        in shown
    )
    assert "Due Monday 7 April 2025. Asked by Northbridge Youth Justice Service." in shown
    assert "govuk-tag--red" not in shown
    assert "chronology of Midshire Police" in panel(client, police_officer, date(2025, 3, 20))


def test_an_overdue_request_is_marked_in_red(client, police_lead, chronology):
    shown = panel(client, police_lead, date(2025, 4, 8))
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong> Was due Monday 7 April 2025.' in shown


def test_a_submitted_chronology_leaves_the_panel_until_changes_are_opened(client, police_lead, chronology):
    add(police_lead, chronology)
    with on(date(2025, 3, 20)):
        chronology_submit(actor=police_lead, chronology=chronology)
    shown = panel(client, police_lead, date(2025, 4, 8))
    assert (
        "chronology of Midshire Police" not in shown and "No chronology is waiting for your agency" in shown
    )
    with on(date(2025, 4, 9)):
        chronology_version_open(actor=police_lead, chronology=chronology, reason="A missed contact")
    shown = panel(client, police_lead, date(2025, 4, 9))
    assert "Version 2 is open for changes" in shown and "Overdue" not in shown


def test_requests_are_listed_soonest_due_first_and_withdrawn_ones_not_at_all(
    client, manager, review, police, health, police_lead, chronology
):
    both = make_person(health, Role.PARTNER_AGENCY_LEAD, email="both@example.test")
    make_person(police, Role.PRACTITIONER, email="unused@example.test")
    Membership.objects.create(user=both, organisation=police, role=Role.PRACTITIONER)
    ask(manager, review, [health], due_on=date(2025, 3, 31))
    shown = panel(client, both, date(2025, 3, 20))
    assert shown.index("chronology of Northbridge Integrated Care Board") < shown.index(
        "chronology of Midshire Police"
    )
    with on(date(2025, 3, 21)):
        chronology_request_withdraw(actor=manager, chronology=chronology, reason="Asked by mistake")
    assert "Midshire Police" not in panel(client, both, date(2025, 3, 21))


def test_people_who_write_no_chronology_see_no_panel(client, reviewer, chronology):
    client.force_login(reviewer)
    assert TITLE not in page_text(client.get(reverse("core:home")))
