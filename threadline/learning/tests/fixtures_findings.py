"""A review with an involved agency, a meeting with minutes, and a finding, for the findings
and recommendations tests. The review started on Tuesday 4 March 2025 (England)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from threadline.reviews.models import InvolvedAgency, Meeting
from threadline.reviews.tests.conftest import on

from ..models import Theme
from ..services.findings import finding_add

TODAY = date(2025, 6, 2)


@pytest.fixture
def involved(review, other_organisation):
    return InvolvedAgency.objects.create(review=review, organisation=other_organisation)


@pytest.fixture
def minuted_meeting(review, manager):
    starts = timezone.now() - timedelta(days=3)
    return Meeting.objects.create(
        review=review,
        kind="practitioner-event",
        title="Practitioner event",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        minutes="Practitioners said the school was not told.",
    )


@pytest.fixture
def exploitation():
    return Theme.objects.get(key="exploitation")


@pytest.fixture
def finding(manager, review, minuted_meeting, exploitation):
    with on(TODAY):
        return finding_add(
            actor=manager,
            review=review,
            kind="learning",
            title="Exploitation concerns were not shared with the school",
            text="Police intelligence about exploitation reached the school five weeks late.",
            theme_ids=[exploitation.pk],
            meeting_ids=[minuted_meeting.pk],
        )


GOOD_PARTS = {
    "case_for_change": "The school did not know of the exploitation concerns for five weeks.",
    "learning": "Concerns about exploitation must reach every agency working with the child.",
    "evidence": "Police and education chronology entries; the practitioner event minutes.",
    "responsibility": "The police public protection unit and the head of inclusion.",
    "outcome": "90% of exploitation referrals shared with the school within one working day.",
}
