"""Agencies' submitted chronologies for the merged chronology's tests, written straight to the
database (the requests, entries and submission services are tested on their own).

The review's incident happened on Saturday 1 March 2025; the agencies were asked to cover
1 January 2024 to that day.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from threadline.chronologies.domain.entries import PRECISION_RANK, parse_when
from threadline.chronologies.models import AgencyChronology, ChronologyEntry, ChronologyVersion
from threadline.core.models import Role, Share
from threadline.core.testing import make_organisation, make_person

PERIOD_FROM = date(2024, 1, 1)
PERIOD_TO = date(2025, 3, 1)
SUBMITTED_AT = timezone.make_aware(datetime(2025, 3, 20, 10, 0))


def ask(review, organisation, *, by, period_from=PERIOD_FROM, period_to=PERIOD_TO) -> AgencyChronology:
    return AgencyChronology.objects.create(
        review=review,
        organisation=organisation,
        period_from=period_from,
        period_to=period_to,
        due_on=date(2025, 4, 1),
        requested_by=by,
    )


def version_of(chronology, *, number=1, submitted=True, by=None) -> ChronologyVersion:
    return ChronologyVersion.objects.create(
        chronology=chronology,
        number=number,
        submitted_at=SUBMITTED_AT if submitted else None,
        submitted_by=by if submitted else None,
    )


def add_entry(version, when: str, what: str, **fields) -> ChronologyEntry:
    """An entry dated as a person types it: '12/03/2024 14:30', '12/03/2024' or '03/2024'."""
    parsed = parse_when(when)
    position = fields.pop("position", None)
    if position is None:
        position = ChronologyEntry.objects.filter(version=version).count() + 1
    return ChronologyEntry.objects.create(
        version=version,
        position=position,
        occurred_on=parsed.on,
        occurred_time=parsed.at,
        precision=parsed.precision,
        precision_rank=PRECISION_RANK[parsed.precision],
        what_happened=what,
        **fields,
    )


def copy_to_next_version(version, *, submitted=True) -> ChronologyVersion:
    """What a change after submission does: the next version holds a copy of the entries."""
    following = version_of(version.chronology, number=version.number + 1, submitted=submitted)
    for entry in version.entries.all():
        ChronologyEntry.objects.create(
            version=following,
            uid=entry.uid,
            position=entry.position,
            occurred_on=entry.occurred_on,
            occurred_time=entry.occurred_time,
            precision=entry.precision,
            precision_rank=entry.precision_rank,
            source=entry.source,
            author_role=entry.author_role,
            what_happened=entry.what_happened,
            who_was_present=entry.who_was_present,
            childs_voice=entry.childs_voice,
            opinion=entry.opinion,
            significant=entry.significant,
        )
    return following


@pytest.fixture
def police(db):
    return make_organisation("Northbridge Police", type="police")


@pytest.fixture
def health(db):
    return make_organisation("Northbridge Health Board", type="health")


@pytest.fixture
def schools(db):
    return make_organisation("Northbridge Schools Service", type="education")


@pytest.fixture
def police_writer(police, review):
    """A practitioner of the police, which takes part in the review (the review is shared with it)."""
    person = make_person(police, Role.PRACTITIONER, full_name="PC Tom Reed", email="tom.reed@police.example")
    Share.objects.create(record=review, organisation=police)
    return person


@pytest.fixture
def chronologies(review, manager, organisation, police, health, schools):
    """Four agencies asked; three submitted (the police twice), the schools service not yet."""
    police_ask = ask(review, police, by=manager)
    police_v1 = version_of(police_ask)
    health_v1 = version_of(ask(review, health, by=manager))
    yjs_v1 = version_of(ask(review, organisation, by=manager))
    version_of(ask(review, schools, by=manager), submitted=False)
    return {"police": police_v1, "health": health_v1, "yjs": yjs_v1}
