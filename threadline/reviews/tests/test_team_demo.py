"""The invented review teams load through the services, and a second load adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from threadline.reviews.demo_team import load_demo_data
from threadline.reviews.models import InvolvedAgency, Review, ReviewTeamMember
from threadline.reviews.selectors import team as team_selectors

pytestmark = pytest.mark.django_db


def test_the_demo_teams_load_once_with_one_team_settled_after_a_conflict_and_one_waiting():
    call_command("load_demo", stdout=StringIO())
    reviews = list(Review.objects.select_related("incident"))
    load_demo_data(reviews)
    counts = (InvolvedAgency.objects.count(), ReviewTeamMember.objects.count())
    assert counts[0] >= 8 and counts[1] >= 14
    by_key = {review.incident.submission_key: review for review in reviews}
    yjs = team_selectors.recorded_items(by_key["demo-yjs-2"])
    assert yjs["independence-of-members"].startswith(
        "All 5 members declared; 1 conflict handled by Priya Raman"
    )
    english = team_selectors.team_of(by_key["demo-english-1"])
    assert (
        english.position.summary
        == "1 member must declare independence; 1 conflict needs the chair's decision"
    )
    assert team_selectors.team_is_settled(by_key["demo-scottish-1"])
    load_demo_data(reviews)
    assert (InvolvedAgency.objects.count(), ReviewTeamMember.objects.count()) == counts
