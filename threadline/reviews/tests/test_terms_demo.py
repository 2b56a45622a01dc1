"""The invented terms of reference load through the services, and a second load adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from threadline.reviews.demo_terms import load_demo_data
from threadline.reviews.models import Review, TermsOfReferenceVersion
from threadline.reviews.selectors.terms import recorded_items

pytestmark = pytest.mark.django_db


def test_the_demo_terms_load_once_with_one_changed_since_it_was_agreed():
    call_command("load_demo", stdout=StringIO())
    reviews = list(Review.objects.select_related("incident"))
    load_demo_data(reviews)
    by_key = {review.incident.submission_key: review for review in reviews}
    english = recorded_items(by_key["demo-english-1"])
    assert english["proposed-terms-of-reference"].startswith("Version 2, saved on ")
    assert english["terms-of-reference"].startswith("Version 1, agreed on ")
    assert english["terms-of-reference"].endswith(" by the partnership executive")
    assert english["methods"] == "Independently led workshop; Family and/or child engagement"
    assert (
        recorded_items(by_key["demo-scottish-1"])["methods"]
        == "Systemic learning review (the committee's own model)"
    )
    yjs = recorded_items(by_key["demo-yjs-2"])
    assert (
        "terms-of-reference" not in yjs
        and yjs["methods"] == "Systems methodology; Family and/or child engagement"
    )
    count = TermsOfReferenceVersion.objects.count()
    assert count == 4
    load_demo_data(reviews)
    assert TermsOfReferenceVersion.objects.count() == count
