"""A manager's eligibility override, seeing who the child is, and merging duplicates."""

import pytest
from django.contrib.contenttypes.models import ContentType

from threadline.core.access import NotAllowed
from threadline.core.models import AuditEvent, Role, Share
from threadline.core.testing import make_person
from threadline.incidents.models import Incident, WhoWasTold
from threadline.incidents.selectors import incidents_visible_to
from threadline.incidents.services import (
    IncidentRuleError,
    incident_eligibility_override,
    incident_identifying_details_view,
    incident_merge,
)

from .builders import CHILD_NAME, notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(manager, organisation):
    return notify(actor=manager, organisation=organisation, status_with_service="not-known")


# Eligibility override


def test_a_manager_overrides_eligibility_with_a_rationale_on_record(manager, incident):
    assert incident.eligible is False
    incident_eligibility_override(
        actor=manager,
        incident=incident,
        eligible=True,
        rationale="  Known to the service under another name  ",
    )
    incident.refresh_from_db()
    assert incident.eligible is True
    assert incident.eligibility_overridden
    assert incident.eligibility_override_rationale == "Known to the service under another name"
    assert incident.eligibility_overridden_by == manager
    row = AuditEvent.objects.filter(target_id=str(incident.pk), action="change").get()
    assert row.detail == {
        "eligible": {"from": False, "to": True},
        "rationale": "Known to the service under another name",
    }


def test_an_override_needs_a_rationale(manager, incident):
    with pytest.raises(IncidentRuleError) as error:
        incident_eligibility_override(actor=manager, incident=incident, eligible=True, rationale="  ")
    assert error.value.field == "rationale"
    incident.refresh_from_db()
    assert not incident.eligibility_overridden


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.REVIEW_CHAIR])
def test_only_a_service_manager_may_override(organisation, incident, role):
    person = make_person(organisation, role)
    with pytest.raises(NotAllowed):
        incident_eligibility_override(actor=person, incident=incident, eligible=True, rationale="Because")


def test_a_manager_of_another_organisation_may_not_override(stranger, incident):
    with pytest.raises(NotAllowed):
        incident_eligibility_override(actor=stranger, incident=incident, eligible=True, rationale="Because")


# Who the child is


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.SERVICE_MANAGER, Role.FAMILY_LIAISON])
def test_people_with_a_need_see_who_the_child_is_and_each_look_is_audited(organisation, incident, role):
    person = make_person(organisation, role)
    child = incident_identifying_details_view(actor=person, incident=incident)
    assert child.full_name == CHILD_NAME
    row = AuditEvent.objects.get(actor=person, action="view")
    assert (row.target_type, row.target_id, row.organisation_id) == (
        "incidents.child",
        str(child.pk),
        organisation.pk,
    )
    assert row.detail == {"identifying_details": True, "incident": incident.reference}
    assert CHILD_NAME not in row.target_label


@pytest.mark.parametrize(
    "role", [Role.REVIEW_CHAIR, Role.REVIEWER, Role.GOVERNANCE_BOARD_MEMBER, Role.QUALITY_ASSURER]
)
def test_other_roles_are_refused_who_the_child_is(organisation, incident, role):
    person = make_person(organisation, role)
    with pytest.raises(NotAllowed):
        incident_identifying_details_view(actor=person, incident=incident)
    assert not AuditEvent.objects.filter(actor=person, action="view").exists()


def test_another_organisation_is_refused_who_the_child_is(stranger, incident):
    with pytest.raises(NotAllowed):
        incident_identifying_details_view(actor=stranger, incident=incident)


# Merging duplicates


@pytest.fixture
def duplicate(stranger, other_organisation):
    return notify(actor=stranger, organisation=other_organisation, told=[])


def test_merging_moves_who_was_told_and_keeps_the_duplicate_readable(sysadmin, incident, duplicate):
    duplicate_told = WhoWasTold.objects.create(
        incident=duplicate, party="inspectorate", told_on=duplicate.occurred_at.date()
    )
    kept = incident_merge(actor=sysadmin, duplicate=duplicate, into=incident)
    assert kept == incident
    duplicate.refresh_from_db()
    assert duplicate.status == "merged"
    assert duplicate.merged_into == incident
    assert Incident.objects.filter(pk=duplicate.pk).exists()  # nothing deleted
    duplicate_told.refresh_from_db()
    assert duplicate_told.incident == incident
    assert set(incident.told.values_list("party", flat=True)) == {"police", "inspectorate"}


def test_the_duplicates_organisation_now_takes_part_in_the_incident_that_remains(
    sysadmin, incident, duplicate, stranger, other_organisation
):
    assert incident not in incidents_visible_to(stranger)
    incident_merge(actor=sysadmin, duplicate=duplicate, into=incident)
    share = Share.objects.get(content_type=ContentType.objects.get_for_model(Incident), object_id=incident.pk)
    assert share.organisation == other_organisation
    stranger.forget_roles()
    visible = set(incidents_visible_to(stranger))
    assert {incident, duplicate} <= visible


def test_merging_is_audited_on_both_incidents(sysadmin, incident, duplicate):
    incident_merge(actor=sysadmin, duplicate=duplicate, into=incident)
    rows = AuditEvent.objects.filter(actor=sysadmin, action="change")
    assert {(r.target_id, tuple(r.detail)) for r in rows} == {
        (str(duplicate.pk), ("merged_into",)),
        (str(incident.pk), ("merged_from",)),
    }


def test_an_incident_cannot_be_merged_into_itself_or_twice(sysadmin, incident, duplicate):
    with pytest.raises(IncidentRuleError, match="two different incidents"):
        incident_merge(actor=sysadmin, duplicate=incident, into=incident)
    incident_merge(actor=sysadmin, duplicate=duplicate, into=incident)
    duplicate.refresh_from_db()
    with pytest.raises(IncidentRuleError, match="already been merged"):
        incident_merge(actor=sysadmin, duplicate=duplicate, into=incident)
    with pytest.raises(IncidentRuleError, match="not one already merged"):
        incident_merge(actor=sysadmin, duplicate=incident, into=duplicate)


def test_only_a_system_administrator_merges(manager, incident, duplicate):
    with pytest.raises(NotAllowed):
        incident_merge(actor=manager, duplicate=duplicate, into=incident)
