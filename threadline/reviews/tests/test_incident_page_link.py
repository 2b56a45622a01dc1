"""The incident page leads to its review: start it when eligible, go to it once started."""

import pytest

from threadline.incidents.tests.builders import notify
from threadline.reviews.services import review_start

pytestmark = pytest.mark.django_db


def test_an_eligible_incident_offers_to_start_a_review_then_links_to_it(client, manager, organisation):
    incident = notify(actor=manager, organisation=organisation)
    client.force_login(manager)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert f'href="/reviews/start/{incident.pk}/"' in page
    review = review_start(actor=manager, incident=incident)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert f'href="/reviews/{review.pk}/"' in page
    assert "Start a review" not in page
