"""The invented chronologies of the demonstration load through the services, and a second load
adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from threadline.chronologies.demo import load_demo_data
from threadline.chronologies.domain.versions import compare_versions
from threadline.chronologies.models import AgencyChronology, ChronologyEntry, ChronologyVersion
from threadline.chronologies.selectors.chronologies import entry_texts
from threadline.frameworks.services import frameworks_load_builtin

pytestmark = pytest.mark.django_db


def test_the_demo_asks_every_involved_agency_and_police_submit_two_versions():
    frameworks_load_builtin()  # the data migration's work, when the tests run without migrations
    call_command("load_demo", stdout=StringIO())
    by_review = {}
    for chronology in AgencyChronology.objects.select_related("review__incident", "organisation"):
        by_review.setdefault(chronology.review.incident.submission_key, set()).add(
            chronology.organisation.name
        )
    assert by_review["demo-yjs-2"] == {
        "Midshire Police",
        "Northbridge Children's Services",
        "Northbridge Schools Service",
        "Northbridge Youth Justice Service",
    }
    assert len(by_review["demo-english-1"]) == 3 and len(by_review["demo-scottish-1"]) == 1
    police = AgencyChronology.objects.get(organisation__name="Midshire Police")
    first, second = ChronologyVersion.objects.filter(chronology=police).order_by("number")
    assert first.submitted_at and second.submitted_at and second.reason
    difference = compare_versions(entry_texts(first), entry_texts(second))
    assert (difference.added, difference.removed, difference.changed) == (1, 0, 1)
    yjs = AgencyChronology.objects.get(
        review__incident__submission_key="demo-yjs-2", organisation__name__contains="Youth"
    )
    (open_version,) = ChronologyVersion.objects.filter(chronology=yjs)
    assert open_version.submitted_at is None and open_version.entries.count() == 2
    for chronology in AgencyChronology.objects.all():
        assert chronology.period_from < chronology.period_to and chronology.due_on.weekday() < 5
    counts = (
        AgencyChronology.objects.count(),
        ChronologyVersion.objects.count(),
        ChronologyEntry.objects.count(),
    )
    assert load_demo_data() == {
        "chronologies asked for": counts[0],
        "chronologies submitted": 1,
        "chronology entries": counts[2],
    }
    assert (
        AgencyChronology.objects.count(),
        ChronologyVersion.objects.count(),
        ChronologyEntry.objects.count(),
    ) == counts
