"""Reading incidents: always from what the person may see, the likely duplicates of a new
notification, and the timeline on the lead organisation's calendar with time frozen."""

from datetime import date

import pytest
import time_machine
from django.http import Http404
from django.utils import timezone

from threadline.core.models import AuditEvent, ExtraBankHoliday, Role
from threadline.core.services import share_add
from threadline.core.testing import make_organisation, make_person
from threadline.incidents.selectors import (
    duplicates_of,
    incident_for,
    incident_timeline,
    incidents_visible_to,
)
from threadline.incidents.services import incident_merge

from .builders import NATIONAL, YJS, framework_version, london, notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(manager, organisation):
    return notify(actor=manager, organisation=organisation)


def test_people_see_the_incidents_their_organisation_leads(practitioner, stranger, incident):
    assert list(incidents_visible_to(practitioner)) == [incident]
    assert list(incidents_visible_to(stranger)) == []


def test_an_incident_of_another_organisation_is_not_found_and_the_refusal_is_audited(stranger, incident):
    with pytest.raises(Http404):
        incident_for(stranger, incident.pk)
    refusal = AuditEvent.objects.get(action="permission-denied")
    assert (refusal.actor, refusal.target_id) == (stranger, str(incident.pk))


def test_an_organisation_the_incident_is_shared_with_sees_it(manager, stranger, other_organisation, incident):
    share_add(actor=manager, record=incident, organisation=other_organisation)
    assert incident_for(stranger, incident.pk) == incident


def test_a_system_administrator_does_not_see_case_records(sysadmin, incident):
    assert not incidents_visible_to(sysadmin).exists()


# Likely duplicates


def test_the_same_child_within_three_days_is_a_likely_duplicate(manager, organisation, incident):
    on = timezone.localtime(incident.occurred_at).date()
    found = duplicates_of(manager, child_match_key=incident.child.match_key, occurred_on=on)
    assert found == [incident]


def test_another_child_or_a_week_later_is_not_a_duplicate(manager, organisation, incident):
    on = timezone.localtime(incident.occurred_at).date()
    assert duplicates_of(manager, child_match_key="someone-else", occurred_on=on) == []
    assert (
        duplicates_of(manager, child_match_key=incident.child.match_key, occurred_on=date(on.year + 1, 1, 1))
        == []
    )


def test_duplicates_compare_london_dates_not_utc(manager, organisation):
    # 00:30 on Monday 2 June in London is still Sunday 1 June in UTC.
    with time_machine.travel(london(2025, 6, 10, 12, 0), tick=False):
        early = notify(
            actor=manager,
            organisation=organisation,
            occurred_at=london(2025, 6, 2, 0, 30),
            aware_at=london(2025, 6, 2, 8, 0),
            told=[],
        )
    key = early.child.match_key
    assert duplicates_of(manager, child_match_key=key, occurred_on=date(2025, 6, 5)) == [early]
    assert duplicates_of(manager, child_match_key=key, occurred_on=date(2025, 5, 29)) == []


def test_duplicates_are_only_looked_for_where_the_person_can_see(stranger, incident):
    on = timezone.localtime(incident.occurred_at).date()
    assert duplicates_of(stranger, child_match_key=incident.child.match_key, occurred_on=on) == []


def test_a_merged_incident_is_no_longer_offered_as_the_existing_one(manager, organisation, incident):
    other = notify(actor=manager, organisation=organisation, told=[])
    incident_merge(actor=manager, duplicate=other, into=incident)
    on = timezone.localtime(incident.occurred_at).date()
    assert duplicates_of(manager, child_match_key=incident.child.match_key, occurred_on=on) == [incident]


# The timeline on the lead organisation's calendar


def notified_before_christmas(organisation):
    person = make_person(organisation, Role.SERVICE_MANAGER)
    with time_machine.travel(london(2025, 12, 19, 10, 0), tick=False):
        return notify(
            actor=person,
            organisation=organisation,
            occurred_at=london(2025, 12, 17, 20, 0),
            aware_at=london(2025, 12, 19, 8, 30),
            told=[],
        )


@pytest.mark.parametrize(
    ("nation", "due"),
    [("england", date(2026, 1, 7)), ("wales", date(2026, 1, 7)), ("scotland", date(2026, 1, 8))],
)
def test_the_ilr_counts_ten_working_days_on_the_lead_organisations_nation(nation, due):
    incident = notified_before_christmas(make_organisation(f"A {nation} service", nation=nation))
    with time_machine.travel(london(2026, 1, 2, 9, 0), tick=False):
        rows = {r.stage.key: r for r in incident_timeline(incident, today=timezone.localdate())}
    ilr = rows["initial-learning-review"]
    assert ilr.starts_on == date(2025, 12, 19)
    assert ilr.status.due == due
    assert ilr.status.state == "due"


def test_a_day_an_administrator_adds_moves_the_deadline(sysadmin):
    incident = notified_before_christmas(make_organisation("Eastfield YJS"))
    ExtraBankHoliday.objects.create(
        nation="england-and-wales", date=date(2026, 1, 5), name="A one-off day", added_by=sysadmin
    )
    rows = {r.stage.key: r for r in incident_timeline(incident, today=date(2026, 1, 2))}
    assert rows["initial-learning-review"].status.due == date(2026, 1, 8)


def test_the_timeline_on_a_later_day_shows_working_days_late():
    incident = notified_before_christmas(make_organisation("Westfield YJS"))
    with time_machine.travel(london(2026, 1, 14, 9, 0), tick=False):
        rows = {r.stage.key: r for r in incident_timeline(incident, today=timezone.localdate())}
    assert rows["initial-learning-review"].status.working_days_late == 5


def test_the_yjs_ilr_runs_from_awareness_and_the_national_report_from_notification(manager, organisation):
    # Known on Thursday 18 December 2025, notified on Friday 19 December, in England.
    with time_machine.travel(london(2025, 12, 19, 10, 0), tick=False):
        incidents = {
            key: notify(
                actor=manager,
                organisation=organisation,
                version=framework_version(key),
                full_name=f"Child of {key}",
                occurred_at=london(2025, 12, 17, 20, 0),
                aware_at=london(2025, 12, 18, 9, 0),
                told=[],
            )
            for key in (YJS, NATIONAL)
        }
    today = date(2025, 12, 19)
    yjs = {r.stage.key: r for r in incident_timeline(incidents[YJS], today=today)}
    national = {r.stage.key: r for r in incident_timeline(incidents[NATIONAL], today=today)}
    ilr = yjs["initial-learning-review"]  # seed 000 §7.3, §14
    assert (ilr.starts_on, ilr.status.due) == (date(2025, 12, 18), date(2026, 1, 6))
    report = national["critical-learning-review"]  # seed 002 §1.4: from notification
    assert (report.starts_on, report.status.due) == (date(2025, 12, 19), date(2026, 1, 7))
