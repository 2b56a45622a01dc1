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


def test_a_late_stage_is_marked_late_in_red_on_the_task_list(client, manager, organisation):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    incident = notify(actor=manager, organisation=organisation)
    review = review_start(actor=manager, incident=incident)
    client.force_login(manager)
    with time_machine.travel(timezone.now() + timedelta(days=40), tick=False):
        client.force_login(manager)
        page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert '<strong class="govuk-tag govuk-tag--red">Late</strong>' in page
