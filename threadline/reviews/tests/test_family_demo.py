"""The invented family records of the demonstration load once, through the services."""

import pytest

from threadline.reviews.demo_family import load_demo_data
from threadline.reviews.models import DraftReportFeedback, FamilyConsent, FamilyContact, FamilyView
from threadline.reviews.selectors.family import family_consent_now, recorded_items

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (FamilyContact, FamilyView, FamilyConsent, DraftReportFeedback)]


def test_the_demo_family_records_load_once(review):
    load_demo_data([review])
    assert counts() == [3, 2, 4, 2]
    load_demo_data([review])
    assert counts() == [3, 2, 4, 2], "running it again adds nothing"
    assert set(recorded_items(review)) == {
        "family-liaison-strategy",
        "family-contacts",
        "family-involvement",
        "family-views",
    }
    publication = [s for s in family_consent_now(review) if s.subject == "publication"]
    assert publication[0].current.status == "withdrawn"
