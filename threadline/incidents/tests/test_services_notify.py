"""Notifying an incident: one incident, one record, the child kept apart and encrypted, the
bad input of the issue refused next to its field, and exactly one audit row."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from threadline.core.access import NotAllowed
from threadline.core.models import AuditEvent, Role
from threadline.core.testing import make_person
from threadline.incidents.models import Child, ClockEvent, Incident, WhoWasTold
from threadline.incidents.services import IncidentRuleError

from .builders import (
    CHILD_BORN,
    CHILD_IDENTIFIERS,
    CHILD_NAME,
    NATIONAL,
    YJS,
    criterion_of,
    framework_version,
    london,
    notify,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def yjs(db):
    return framework_version(YJS)


def test_notifying_makes_one_incident_and_one_child(manager, organisation, yjs):
    incident = notify(actor=manager, organisation=organisation, version=yjs)
    assert Incident.objects.count() == 1
    assert Child.objects.count() == 1
    assert incident.lead_organisation == organisation
    assert incident.framework_version == yjs
    assert incident.reference == f"TL-{timezone.now():%Y}-{incident.pk:05d}"
    assert incident.notified_by == manager
    assert incident.status == "open"
    assert incident.eligible is True


def test_the_childs_identifying_details_are_encrypted_in_the_database(manager, organisation, yjs):
    incident = notify(actor=manager, organisation=organisation, version=yjs)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT full_name, date_of_birth, identifiers, match_key FROM incidents_child WHERE id = %s",
            [incident.child_id],
        )
        full_name, born, identifiers, match_key = cursor.fetchone()
    for stored, plain in (
        (full_name, CHILD_NAME),
        (born, CHILD_BORN.isoformat()),
        (identifiers, CHILD_IDENTIFIERS),
    ):
        assert plain not in stored
        assert "Jayden" not in stored
    assert "Jayden" not in match_key
    child = Child.objects.get(pk=incident.child_id)
    assert (child.full_name, child.date_of_birth, child.identifiers) == (
        CHILD_NAME,
        CHILD_BORN.isoformat(),
        CHILD_IDENTIFIERS,
    )


def test_children_are_child_a_then_child_b_in_each_organisation(
    manager, organisation, other_organisation, stranger, yjs
):
    first = notify(actor=manager, organisation=organisation, version=yjs)
    second = notify(actor=manager, organisation=organisation, version=yjs, full_name="Leah Carter")
    elsewhere = notify(actor=stranger, organisation=other_organisation, version=yjs, full_name="Leah Carter")
    assert first.child.pseudonym == "Child A"
    assert second.child.pseudonym == "Child B"
    assert elsewhere.child.pseudonym == "Child A"
    assert str(first) == f"{first.reference} (Child A)"


def test_the_same_child_is_reused_however_the_name_is_typed(manager, organisation, yjs):
    first = notify(actor=manager, organisation=organisation, version=yjs)
    later = timezone.now() - timedelta(hours=1)
    again = notify(
        actor=manager,
        organisation=organisation,
        version=yjs,
        full_name="  jayden   MORROW ",
        occurred_at=later - timedelta(hours=1),
        aware_at=later,
        told=[],
    )
    assert again.pk != first.pk
    assert again.child_id == first.child_id
    assert Child.objects.count() == 1


def test_a_known_child_is_brought_up_to_date_with_the_latest_answers(manager, organisation, yjs):
    first = notify(actor=manager, organisation=organisation, version=yjs)
    later = timezone.now() - timedelta(hours=1)
    again = notify(
        actor=manager,
        organisation=organisation,
        version=yjs,
        identifiers="PNC 25/123456A; cms-448812",  # one new, one already on record
        sex="male",
        ethnicity="mixed",
        care_experienced="yes",
        placed_out_of_area="yes",
        disability="no",
        occurred_at=later - timedelta(hours=1),
        aware_at=later,
        told=[],
    )
    assert again.child_id == first.child_id
    child = Child.objects.get()
    assert (child.ethnicity, child.placed_out_of_area, child.disability) == ("mixed", "yes", "no")
    assert (child.sex, child.care_experienced) == ("male", "yes")
    assert child.identifiers == f"{CHILD_IDENTIFIERS}; PNC 25/123456A"
    row = AuditEvent.objects.get(target_id=str(again.pk), action="create")
    assert row.detail["child"] == {
        "known": True,
        "pseudonym": "Child A",
        "updated": ["ethnicity", "placed_out_of_area", "disability", "identifiers"],
    }
    assert "PNC" not in str(row.detail) and "mixed" not in str(row.detail)
    first_row = AuditEvent.objects.get(target_id=str(first.pk), action="create")
    assert first_row.detail["child"] == {"known": False}


def test_a_known_child_keeps_its_identifiers_when_none_are_typed(manager, organisation, yjs):
    notify(actor=manager, organisation=organisation, version=yjs)
    later = timezone.now() - timedelta(hours=1)
    again = notify(
        actor=manager,
        organisation=organisation,
        version=yjs,
        identifiers="",
        occurred_at=later - timedelta(hours=1),
        aware_at=later,
        told=[],
    )
    assert Child.objects.get().identifiers == CHILD_IDENTIFIERS
    row = AuditEvent.objects.get(target_id=str(again.pk), action="create")
    assert row.detail["child"] == {"known": True, "pseudonym": "Child A", "updated": []}


def test_a_second_submit_of_the_same_form_returns_the_same_incident(manager, organisation, yjs):
    first = notify(actor=manager, organisation=organisation, version=yjs, key="form-123")
    second = notify(actor=manager, organisation=organisation, version=yjs, key="form-123")
    assert second.pk == first.pk
    assert Incident.objects.count() == 1
    assert AuditEvent.objects.filter(target_type="incidents.incident", action="create").count() == 1


def test_notifying_writes_exactly_one_audit_row(manager, organisation, yjs):
    before = AuditEvent.objects.count()
    incident = notify(actor=manager, organisation=organisation, version=yjs)
    assert AuditEvent.objects.count() == before + 1
    row = AuditEvent.objects.get(target_id=str(incident.pk))
    assert (row.action, row.actor, row.organisation_id) == ("create", manager, organisation.pk)
    assert row.detail["framework"] == YJS
    assert CHILD_NAME not in str(row.detail) and CHILD_NAME not in row.target_label


def test_the_clock_starts_from_the_incident_awareness_and_notification(manager, organisation, yjs):
    with time_machine.travel(london(2025, 12, 19, 10, 30), tick=False):
        incident = notify(
            actor=manager,
            organisation=organisation,
            version=yjs,
            occurred_at=london(2025, 12, 17, 22, 0),
            aware_at=london(2025, 12, 18, 9, 0),
            told=[("police", date(2025, 12, 18), "Public protection unit")],
        )
    events = dict(ClockEvent.objects.filter(incident=incident).values_list("event", "on"))
    assert events == {
        "incident": date(2025, 12, 17),
        "awareness": date(2025, 12, 18),
        "notification": date(2025, 12, 19),
    }
    told = WhoWasTold.objects.get(incident=incident)
    assert (told.party, told.told_on, told.detail) == ("police", date(2025, 12, 18), "Public protection unit")


def test_eligibility_is_decided_with_its_reasons(manager, organisation, yjs):
    incident = notify(
        actor=manager,
        organisation=organisation,
        version=yjs,
        status_with_service="closed-recently",
        case_closed_on=timezone.localtime(timezone.now() - timedelta(days=2)).date() - timedelta(days=12),
    )
    assert incident.eligible is True
    assert incident.eligibility_reasons[0] == "closed 12 days before the incident, within 20"


def test_a_national_notification_records_whether_it_is_mandatory(manager, organisation):
    national = framework_version(NATIONAL)
    incident = notify(
        actor=manager, organisation=organisation, version=national, criterion=criterion_of(national, "death")
    )
    assert incident.notification_kind == "mandatory"


# Who may notify


def test_a_person_of_another_organisation_cannot_notify_for_it(stranger, organisation, yjs):
    with pytest.raises(NotAllowed):
        notify(actor=stranger, organisation=organisation, version=yjs)
    assert not Incident.objects.exists()


def test_a_role_that_does_not_notify_is_refused(organisation, yjs):
    board_member = make_person(organisation, Role.GOVERNANCE_BOARD_MEMBER)
    with pytest.raises(NotAllowed):
        notify(actor=board_member, organisation=organisation, version=yjs)


# Bad input, each next to its field, and nothing saved


def bad(manager, organisation, version, **changes):
    with pytest.raises(IncidentRuleError) as error:
        notify(actor=manager, organisation=organisation, version=version, **changes)
    assert not Incident.objects.exists()
    assert not Child.objects.exists()
    assert not AuditEvent.objects.filter(action="create", target_type="incidents.incident").exists()
    return error.value


def test_an_incident_in_the_future_is_refused(manager, organisation, yjs):
    soon = timezone.now() + timedelta(hours=2)
    error = bad(manager, organisation, yjs, occurred_at=soon, aware_at=soon + timedelta(minutes=5))
    assert (error.field, str(error)) == (
        "occurred_at",
        "The date of the incident must be today or in the past",
    )


def test_becoming_aware_before_the_incident_is_refused(manager, organisation, yjs):
    now = timezone.now()
    error = bad(
        manager, organisation, yjs, occurred_at=now - timedelta(days=1), aware_at=now - timedelta(days=2)
    )
    assert (error.field, str(error)) == (
        "aware_at",
        "The service cannot have become aware before the incident happened",
    )


def test_a_date_of_birth_after_the_incident_is_refused(manager, organisation, yjs):
    error = bad(manager, organisation, yjs, date_of_birth=timezone.localdate())
    assert (error.field, str(error)) == (
        "date_of_birth",
        "The child's date of birth must be before the incident",
    )


def test_a_criterion_of_another_framework_is_refused(manager, organisation, yjs):
    other = criterion_of(framework_version(NATIONAL), "death")
    error = bad(manager, organisation, yjs, criterion=other)
    assert (error.field, str(error)) == ("criterion", "Select a criterion from this framework's list")


def test_a_recently_closed_case_needs_its_closing_date_under_the_yjs_framework(manager, organisation, yjs):
    error = bad(manager, organisation, yjs, status_with_service="closed-recently", case_closed_on=None)
    assert (error.field, str(error)) == ("case_closed_on", "Enter the date the case closed")


@pytest.mark.parametrize(
    ("status", "days_before", "status_to_choose"),
    [
        ("closed-recently", 21, "Closed more than 20 days ago"),
        ("closed-longer", 20, "Closed within the last 20 days"),
    ],
)
def test_a_status_its_closing_date_contradicts_is_refused_on_the_closing_date(
    manager, organisation, yjs, status, days_before, status_to_choose
):
    with time_machine.travel(london(2025, 6, 20, 12, 0), tick=False):
        error = bad(
            manager,
            organisation,
            yjs,
            status_with_service=status,
            case_closed_on=date(2025, 6, 18) - timedelta(days=days_before),
            occurred_at=london(2025, 6, 18, 10, 0),
            aware_at=london(2025, 6, 18, 11, 0),
            told=[],
        )
    assert error.field == "case_closed_on"
    assert str(error).startswith(f"The case closed {days_before} days before the incident")
    assert str(error).endswith(f"change the status to ‘{status_to_choose}’")


def test_someone_told_before_the_incident_is_refused(manager, organisation, yjs):
    error = bad(manager, organisation, yjs, told=[("police", date(2000, 1, 1), "")])
    assert error.field == "told"


def test_just_after_midnight_in_summer_today_is_the_london_date(manager, organisation, yjs):
    # 00:30 on 2 June in London is still 1 June in UTC: telling the police "today" is fine.
    with time_machine.travel(london(2025, 6, 2, 0, 30), tick=False):
        incident = notify(
            actor=manager,
            organisation=organisation,
            version=yjs,
            occurred_at=london(2025, 6, 2, 0, 5),
            aware_at=london(2025, 6, 2, 0, 20),
            told=[("police", date(2025, 6, 2), "")],
        )
    assert incident.told.get().told_on == date(2025, 6, 2)
